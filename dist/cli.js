#!/usr/bin/env node
import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);
import{a as v}from"./chunks/chunk-BKKSQGJQ.js";import{a as b,b as O,c as x,d as _,e as j,f as G,g as H,h as I,i as W,j as L}from"./chunks/chunk-K3SNSEFZ.js";import"./chunks/chunk-IDV7SE6P.js";import"./chunks/chunk-PSYKCTYF.js";import"./chunks/chunk-G4QF6DYS.js";import"./chunks/chunk-B6R55GE2.js";import{t as T,u as A,v as N,w as C}from"./chunks/chunk-FAXIADBL.js";import"./chunks/chunk-73LXB6HC.js";import"./chunks/chunk-CC6VQP72.js";import{a as m}from"./chunks/chunk-DKELN73E.js";import"./chunks/chunk-TM7AOJEE.js";import"./chunks/chunk-JOSM7UO4.js";import{a as y}from"./chunks/chunk-ODCQ6774.js";import"./chunks/chunk-ZUV5LTRO.js";import"./chunks/chunk-EHRTGGGG.js";import"./chunks/chunk-AFP5RQDW.js";import"./chunks/chunk-SDUFMKJ2.js";import"./chunks/chunk-AF52FFOA.js";import"./chunks/chunk-Y3LUP7R4.js";import"./chunks/chunk-DT5MCSET.js";import{readFileSync as se,realpathSync as ne}from"node:fs";import*as E from"node:path";import{parseArgs as te}from"node:util";import{execFile as Y}from"node:child_process";import{mkdir as Q,readFile as Z,writeFile as q}from"node:fs/promises";import*as S from"node:path";import{readFile as V}from"node:fs/promises";async function k(e,t){let o=b(t.env,e.githubToken);if(e.githubOrg&&!(e.topic&&o))throw new m([`--github-org selects the organisation's repositories by topic: it needs --topic${o?"":" and a GitHub token (GITHUB_TOKEN, GH_TOKEN or --github-token)"}.`]);let r=o&&v(o),s=[...new Set([...e.repositories,...await X(e.repositoriesFile),...r&&e.githubOrg?await r.repositoriesWithTopic(e.githubOrg,e.topic):[]])];if(s.length===0)throw new m([`--github-org ${e.githubOrg} has no repository with the topic ${e.topic}.`]);let a=r?await G(r,s):new Map,p=async n=>({...await t.clients(n),...r?{github:r}:{}}),g=e.json?t.stderr:t.stdout,h=n=>g(`${n}
`),d=n=>t.stderr(`${n}
`);if(s.length>1){if(e.source.ownerId||e.source.repositoryId)throw new m(["--owner-id and --repository-id are one repository's IDs; with several repositories leave them out."]);let n=L(e.source,s,R=>a.get(R)),c=await _(n,await p(n[0].region),h,d);if(e.json)t.stdout(`${JSON.stringify(x(c),null,2)}
`);else{for(let R of c.results)t.stdout(`${j(R)}
`);c.applied&&t.stdout(`Applied ${c.writes} change${c.writes===1?"":"s"} for ${c.results.length} repositories; ${c.failed} failed.
`)}return c.failed>0?1:0}let l=s[0],i=I({...a.get(l),...z(e.source),get:e.source.get,githubRepository:l}),u=await H(i,await p(i.region),h,d);if(e.json)t.stdout(`${JSON.stringify(O(u),null,2)}
`);else if(u.applied){let n=u.plan.tiers.map(c=>`${u.plan.tiers.length>1?`${c.tier}: `:""}role ${c.roleArn}${c.repositoryUri?`, repository ${c.repositoryUri}`:""}`);t.stdout(`Applied ${u.writes} change${u.writes===1?"":"s"}. ${n.join("; ").replace(/^./,c=>c.toUpperCase())}
`)}return 0}var z=e=>Object.fromEntries(Object.entries(e).filter(([,t])=>t!==void 0));async function X(e){if(!e)return[];let t=[],o=await V(e,"utf8").catch(s=>(t.push(`--repositories-file ${e} cannot be read (${s.code??s.message}): give a file with one OWNER/NAME a line.`),"")),r=t.length>0?[]:W(o,e,t);if(t.length>0)throw new m(t);return r}var f=".github/workflows/ecr-oidc-push.yml",U=e=>`[${e.map(t=>`'${t.replace(/'/g,"''")}'`).join(", ")}]`;function D(e){let t=e.tiers.some(s=>s!=="main"),o=e.tiers.includes("dev")?["**"]:e.tiers.includes("main")?[e.defaultBranch]:[],r=e.tiers.includes("release")?e.releaseTags:[];return["# Written by `npx ecr-oidc-push init`: builds the image and pushes it to Amazon ECR with no stored secret.","# The account and region come from the repository variables AWS_ACCOUNT_ID and AWS_REGION.","name: ecr-oidc-push","on:","  push:",...o.length>0?[`    branches: ${U(o)}`]:[],...r.length>0?[`    tags: ${U(r)}`]:[],"permissions:","  id-token: write # the OIDC token the role trusts","  contents: read","jobs:","  push:","    runs-on: ubuntu-24.04","    steps:","      - uses: actions/checkout@v4",`      - uses: ${e.actionRef}`,"        with:","          account-id: ${{ vars.AWS_ACCOUNT_ID }}","          region: ${{ vars.AWS_REGION }}",...t?["          tier: auto # a git tag \u2192 release, the default branch \u2192 main, other branches \u2192 dev"]:[],""].join(`
`)}function F(e){let t=e.trim().match(/^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?([^/:]+)(?::\d+)?[:/]([^/]+)\/([^/]+?)(?:\.git)?\/?$/);return t?{host:t[1].toLowerCase(),repository:`${t[2]}/${t[3]}`}:void 0}function $(e,t){return new Promise(o=>{Y("git",t,{cwd:e,timeout:1e4},(r,s)=>o({code:r?Number(r.code)||1:0,stdout:s.trim()}))})}async function ee(e,t){let o=await $(e,["rev-parse","--show-toplevel"]);if(o.code!==0)throw new y(`init runs inside a git checkout of the repository to set up, and ${e} is not one. cd into the checkout, or run \`git init\` and add the GitHub repository as origin.`);let r=await $(o.stdout,["remote","get-url","origin"]);if(r.code!==0||!r.stdout)throw new y("This checkout has no remote origin: add the GitHub repository (git remote add origin https://github.com/OWNER/NAME.git) and run init again.");let s=F(r.stdout),a=["github.com",...t.GITHUB_SERVER_URL?[new URL(t.GITHUB_SERVER_URL).host.toLowerCase()]:[]];if(!s||!a.includes(s.host))throw new y(`origin is ${r.stdout}, which is not a repository on GitHub${t.GITHUB_SERVER_URL?` or ${t.GITHUB_SERVER_URL}`:""}. init sets up a GitHub repository: make origin point at it.`);let p=await $(o.stdout,["symbolic-ref","--short","refs/remotes/origin/HEAD"]);return{root:o.stdout,repository:s.repository,...p.code===0?{originHead:p.stdout.replace(/^origin\//,"")}:{}}}async function P(e,t){let o=Date.now(),r=await ee(t.cwd??process.cwd(),t.env),s=b(t.env,e.githubToken),a=e.source.defaultBranch??(s?(await v(s).repository(r.repository)).defaultBranch:r.originHead),p={...e.source,...a?{defaultBranch:a}:{}},g=I({...p,githubRepository:r.repository}),h=e.actionRef??t.packageActionRef;if(!h)throw new m(["init cannot tell where this action is published (this CLI does not come from the npm package): pass --action OWNER/ecr-oidc-push@v1."]);let d=S.join(r.root,f),l=D({actionRef:h,defaultBranch:g.defaultBranch,tiers:g.tiers,releaseTags:g.releaseTags}),i=await Z(d,"utf8").catch(()=>{});if(i!==void 0&&i!==l&&!e.force)throw new y(`${f} exists and differs from what init would write; nothing was changed. Pass --force to overwrite it, or remove it.`);let u=await k({source:p,repositories:[r.repository],githubToken:e.githubToken,json:!1},t);if(u!==0||g.dryRun)return u;i!==l&&(await Q(S.dirname(d),{recursive:!0}),await q(d,l));let n=`AWS_ACCOUNT_ID=${g.accountId} and AWS_REGION=${g.region}`;return t.stdout([i===l?`${f} is already as init writes it.`:`Wrote ${f}. Commit and push it:`,...i===l?[]:[`  git add ${f}`,'  git commit -m "Build and push the image to Amazon ECR"',"  git push"],s?`The repository variables ${n} are set.`:`Set the repository variables ${n} (Settings \u2192 Secrets and variables \u2192 Actions \u2192 Variables), or run init again with a GitHub token.`,`init took ${((Date.now()-o)/1e3).toFixed(1)} s.`,""].join(`
`)),0}var w=`Usage: ecr-oidc-push setup --account-id ID --region REGION --repository OWNER/NAME [options]
       ecr-oidc-push setup --account-id ID --region REGION --repositories-file FILE [options]
       ecr-oidc-push init --account-id ID --region REGION [options]

init, inside a git checkout whose origin is on GitHub: writes .github/workflows/ecr-oidc-push.yml (it
reads the account and region from the repository variables), runs setup for that repository, sets the
variables when a GitHub token is there, and prints what to commit. It never overwrites a workflow file
that differs unless --force; --action OWNER/ecr-oidc-push@v1 names where the action is published (the
npm package knows). A second run changes nothing.

Creates (or brings back in line) what push mode needs: the GitHub OIDC provider, the role
github-actions-<repo> with a strict trust policy, its push policy, and the ECR repository.
Shows the plan first; a second run changes nothing. Uses your AWS credentials (the SDK's default chain).

Required:
  --account-id ID            12-digit AWS account ID
  --region REGION            AWS region, e.g. us-east-1
  --repository OWNER/NAME    the GitHub repository that will push; repeat it for several
  --repositories-file FILE   or (and) one OWNER/NAME a line, # for comments: one provider, one plan for
                             all, applied 8 repositories at a time; exit 1 if any failed (the others are
                             applied, and a re-run continues)

Whom the role trusts (the default branch always; nothing else unless listed):
  --default-branch NAME      default branch (default: main)
  --branches LIST            more branches; patterns such as 'release/*' use StringLike
  --tags LIST                git tags, e.g. 'v*'
  --environments LIST        deployment environments, e.g. production
  --owner-id ID --repository-id ID
                             GitHub's numeric IDs: also trust the immutable subject form
                             repo:OWNER@OWNER_ID/NAME@REPO_ID:\u2026 (repositories created after 2026-07-15)

Tiers (each a role and an ECR repository of its own; default main):
  --tiers LIST               main (the default branch), dev (any other branch: role and repository -dev,
                             images expire), release (release tags: -release, tags immutable, kept)
  --release-tags LIST        git tags the release role trusts (default: v*; none: the environment alone)
  --release-environment NAME a GitHub environment whose jobs the release role also trusts
  --dev-retention-days N     dev images expire N days after push (default: 30)
  --developers LIST          account IDs or IAM principal ARNs that pull every tier and push dev
  --consumers LIST           account IDs or IAM principal ARNs that pull the release tier (main without one)

Names and settings:
  --ecr-repository NAME      ECR repository (default: NAME lowercased and made valid)
  --role-name NAME           IAM role (default: github-actions-NAME)
  --audience AUD             OIDC audience / client ID (default: sts.amazonaws.com)
  --max-session-duration S   role's maximum session, 3600\u201343200 (default: 3600)
  --kms-key KEY              encrypt with this KMS key instead of AES256
  --immutable-tags           tags immutable, except latest and branch tags (IMMUTABLE_WITH_EXCLUSION)
  --untagged-days N          expire untagged images after N days (default: 14)
  --keep-tagged N            keep the last N tagged images (default: 200)

Deploying after a push (push mode's ecs-cluster/ecs-service):
  --ecs-service LIST         CLUSTER/SERVICE the role may deploy to: update the service, register task
                             definitions, pass exactly its task's roles to ECS tasks

Pulling images of other repositories:
  --pull-from LIST           ECR repositories of the account the role may also pull from
  --pull-only                a consumer: the role and its pull policy only, no push policy, no repository

GitHub (with a token: GITHUB_TOKEN, GH_TOKEN or --github-token; GITHUB_API_URL for GitHub Enterprise):
  --github-token TOKEN       read each repository's default branch and numeric IDs from the API (so the
                             immutable subject form needs no flags) and set its repository variables
                             AWS_ACCOUNT_ID and AWS_REGION (variables, not secrets: they are not secret)
  --github-org ORG --topic T also set up the organisation's repositories that carry the topic T

init:
  --force                    overwrite a workflow file that differs
  --action REF               the action the workflow uses, e.g. octo-org/ecr-oidc-push@v1

Output:
  --dry-run                  print the plan, change nothing
  --json                     print the outcome as JSON on stdout (the plan goes to stderr)
  -h, --help                 this text

Lists take commas or repeated flags. Exit codes: 0 done, 1 error, 2 usage.`,B={"account-id":"account-id",region:"region","ecr-repository":"repository","role-name":"role-name",branches:"trust-branches",tags:"trust-tags",environments:"trust-environments",audience:"audience","max-session-duration":"max-session-duration","kms-key":"kms-key","untagged-days":"untagged-days","keep-tagged":"keep-tagged","pull-from":"pull-from","ecs-service":"ecs-service",tiers:"tiers","release-tags":"release-tags","release-environment":"release-environment","dev-retention-days":"dev-retention-days",developers:"developers",consumers:"consumers"},re=new Set(["branches","tags","environments","pull-from","ecs-service","tiers","release-tags","developers","consumers"]),M=["immutable-tags","pull-only","dry-run"];async function K(e){return{iam:await A(e),ecr:N(e),sts:T(e),ecs:await C(e)}}function oe(e){let t={type:"string"},o={type:"string",multiple:!0};return te({args:e,allowPositionals:!0,strict:!0,options:{"account-id":t,region:t,repository:o,"repositories-file":t,"ecr-repository":t,"role-name":t,"default-branch":t,branches:o,tags:o,environments:o,"owner-id":t,"repository-id":t,audience:t,"max-session-duration":t,"kms-key":t,"immutable-tags":{type:"boolean"},"untagged-days":t,"keep-tagged":t,"pull-from":o,"pull-only":{type:"boolean"},"ecs-service":o,tiers:o,"release-tags":o,"release-environment":t,"dev-retention-days":t,developers:o,consumers:o,"github-token":t,"github-org":t,topic:t,force:{type:"boolean"},action:t,"dry-run":{type:"boolean"},json:{type:"boolean"},help:{type:"boolean",short:"h"}}})}async function J(e,t){let o;try{o=oe(e)}catch(i){return t.stderr(`error: ${i.message}

${w}
`),2}let{values:r,positionals:s}=o;if(r.help)return t.stdout(`${w}
`),0;let a=s[0];if(a!=="setup"&&a!=="init"||s.length>1)return t.stderr(`error: ${s.length?`unknown command "${s.join(" ")}"`:"no command given"}; the commands are \`setup\` and \`init\`.

${w}
`),2;let p=["account-id","region"].filter(i=>!r[i]);a==="setup"&&!r.repository?.length&&!r["repositories-file"]&&!r["github-org"]&&p.push("repository");let h=a==="init"?["repository","repositories-file","github-org","topic","owner-id","repository-id","ecr-repository","role-name","json"].filter(i=>r[i]!==void 0):["force","action"].filter(i=>r[i]!==void 0);if(h.length>0)return t.stderr(`error: ${h.map(i=>`--${i}`).join(", ")} ${h.length===1?"is":"are"} not for \`${a}\`${a==="init"?" (it sets up the repository of the checkout it runs in, by the convention's names)":""}.

${w}
`),2;if(p.length>0)return t.stderr(`error: missing ${p.map(i=>`--${i}`).join(", ")}

${w}
`),2;let d={};for(let[i,u]of Object.entries(B)){let n=r[i];n!==void 0&&(d[u]=re.has(i)?n.join(`
`):String(n))}for(let i of M)r[i]&&(d[i]="true");let l={get:i=>d[i]??"",defaultBranch:r["default-branch"],ownerId:r["owner-id"],repositoryId:r["repository-id"]};try{return a==="init"?await P({source:l,githubToken:r["github-token"],force:r.force??!1,actionRef:r.action},t):await k({source:l,repositories:r.repository??[],repositoriesFile:r["repositories-file"],githubOrg:r["github-org"],topic:r.topic,githubToken:r["github-token"],json:r.json??!1},t)}catch(i){return i instanceof m?(t.stderr(`error: invalid options:
${i.problems.map(u=>`- ${ie(u)}`).join(`
`)}
`),2):(t.stderr(`error: ${i.message}
`),1)}}function ie(e){return e.replace(/(?:Input )?`([\w-]+)`/g,(t,o)=>{let r=Object.entries(B).find(([,s])=>s===o)?.[0]??M.find(s=>s===o);return r?`--${r}`:t})}function ae(){try{let e=JSON.parse(se(E.join(E.dirname(ne(process.argv[1])),"..","package.json"),"utf8")),o=(typeof e.repository=="string"?e.repository:e.repository?.url)?.match(/github\.com[/:]([^/]+\/[^/]+?)(?:\.git)?$/)?.[1];return o&&e.version?`${o}@v${e.version.split(".")[0]}`:void 0}catch{return}}J(process.argv.slice(2),{stdout:e=>process.stdout.write(e),stderr:e=>process.stderr.write(e),clients:K,env:process.env,cwd:process.cwd(),packageActionRef:ae()}).then(e=>{process.exitCode=e},e=>{process.stderr.write(`error: ${e.stack??String(e)}
`),process.exitCode=1});
