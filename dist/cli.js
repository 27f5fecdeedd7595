#!/usr/bin/env node
import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);
import{a as k}from"./chunks/chunk-BKKSQGJQ.js";import{a as I,b as x,c as _,d as j,e as G,f as H,g as W,h as v,i as L,j as U}from"./chunks/chunk-3HG3EXJD.js";import"./chunks/chunk-IDV7SE6P.js";import"./chunks/chunk-PSYKCTYF.js";import"./chunks/chunk-G4QF6DYS.js";import"./chunks/chunk-B6R55GE2.js";import{t as A,u as N,v as C,w as O}from"./chunks/chunk-FAXIADBL.js";import"./chunks/chunk-73LXB6HC.js";import"./chunks/chunk-CC6VQP72.js";import{a as m}from"./chunks/chunk-DKELN73E.js";import"./chunks/chunk-TM7AOJEE.js";import"./chunks/chunk-JOSM7UO4.js";import{a as w}from"./chunks/chunk-ODCQ6774.js";import"./chunks/chunk-ZUV5LTRO.js";import"./chunks/chunk-EHRTGGGG.js";import"./chunks/chunk-AFP5RQDW.js";import"./chunks/chunk-SDUFMKJ2.js";import"./chunks/chunk-AF52FFOA.js";import"./chunks/chunk-Y3LUP7R4.js";import"./chunks/chunk-DT5MCSET.js";import{readFileSync as ne,realpathSync as ae}from"node:fs";import*as R from"node:path";import{parseArgs as re}from"node:util";import{execFile as Q}from"node:child_process";import{mkdir as Z,readFile as q,writeFile as ee}from"node:fs/promises";import*as E from"node:path";import{readFile as z}from"node:fs/promises";async function S(e,t){let o=I(t.env,e.githubToken);if(e.githubOrg&&!(e.topic&&o))throw new m([`--github-org selects the organisation's repositories by topic: it needs --topic${o?"":" and a GitHub token (GITHUB_TOKEN, GH_TOKEN or --github-token)"}.`]);let r=o&&k(o),s=[...new Set([...e.repositories,...await Y(e.repositoriesFile),...r&&e.githubOrg?await r.repositoriesWithTopic(e.githubOrg,e.topic):[]])];if(s.length===0)throw new m([`--github-org ${e.githubOrg} has no repository with the topic ${e.topic}.`]);let a=s.length===1&&e.source.ownerId&&e.source.repositoryId&&e.source.defaultBranch,p=r&&!a?await H(r,s):new Map,f=async u=>({...await t.clients(u),...r?{github:r}:{}}),d=e.json?t.stderr:t.stdout,g=u=>d(`${u}
`),h=u=>t.stderr(`${u}
`);if(s.length>1){if(e.source.ownerId||e.source.repositoryId)throw new m(["--owner-id and --repository-id are one repository's IDs; with several repositories leave them out."]);let u=U(e.source,s,$=>p.get($)),n=await j(u,await f(u[0].region),g,h);if(e.json)t.stdout(`${JSON.stringify(_(n),null,2)}
`);else{for(let $ of n.results)t.stdout(`${G($)}
`);n.applied&&t.stdout(`Applied ${n.writes} change${n.writes===1?"":"s"} for ${n.results.length} repositories; ${n.failed} failed.
`)}return n.failed>0?1:0}let i=s[0],l=v({...p.get(i),...X(e.source),get:e.source.get,githubRepository:i}),c=await W(l,await f(l.region),g,h);if(e.json)t.stdout(`${JSON.stringify(x(c),null,2)}
`);else if(c.applied){let u=c.plan.tiers.map(n=>`${c.plan.tiers.length>1?`${n.tier}: `:""}role ${n.roleArn}${n.repositoryUri?`, repository ${n.repositoryUri}`:""}`);t.stdout(`Applied ${c.writes} change${c.writes===1?"":"s"}. ${u.join("; ").replace(/^./,n=>n.toUpperCase())}
`)}return 0}var X=e=>Object.fromEntries(Object.entries(e).filter(([,t])=>t!==void 0));async function Y(e){if(!e)return[];let t=[],o=await z(e,"utf8").catch(s=>(t.push(`--repositories-file ${e} cannot be read (${s.code??s.message}): give a file with one OWNER/NAME a line.`),"")),r=t.length>0?[]:L(o,e,t);if(t.length>0)throw new m(t);return r}var y=".github/workflows/ecr-oidc-push.yml",D=e=>`[${e.map(t=>`'${t.replace(/'/g,"''")}'`).join(", ")}]`;function F(e){let t=e.tiers.some(s=>s!=="main"),o=e.tiers.includes("dev")?["**"]:e.tiers.includes("main")?[e.defaultBranch]:[],r=e.tiers.includes("release")?e.releaseTags:[];return["# Written by `npx ecr-oidc-push init`: builds the image and pushes it to Amazon ECR with no stored secret.","# The account and region come from the repository variables AWS_ACCOUNT_ID and AWS_REGION.","name: ecr-oidc-push","on:","  push:",...o.length>0?[`    branches: ${D(o)}`]:[],...r.length>0?[`    tags: ${D(r)}`]:[],"permissions:","  id-token: write # the OIDC token the role trusts","  contents: read","jobs:","  push:","    runs-on: ubuntu-24.04","    steps:","      - uses: actions/checkout@v4",`      - uses: ${e.actionRef}`,"        with:","          account-id: ${{ vars.AWS_ACCOUNT_ID }}","          region: ${{ vars.AWS_REGION }}",...t?["          tier: auto # a git tag \u2192 release, the default branch \u2192 main, other branches \u2192 dev"]:[],""].join(`
`)}function P(e){let t=e.trim().match(/^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?([^/:]+)(?::\d+)?[:/]([^/]+)\/([^/]+?)(?:\.git)?\/?$/);return t?{host:t[1].toLowerCase(),repository:`${t[2]}/${t[3]}`}:void 0}function T(e,t){return new Promise(o=>{Q("git",t,{cwd:e,timeout:1e4},(r,s)=>o({code:r?Number(r.code)||1:0,stdout:s.trim()}))})}async function te(e,t){let o=await T(e,["rev-parse","--show-toplevel"]);if(o.code!==0)throw new w(`init runs inside a git checkout of the repository to set up, and ${e} is not one. cd into the checkout, or run \`git init\` and add the GitHub repository as origin.`);let r=await T(o.stdout,["remote","get-url","origin"]);if(r.code!==0||!r.stdout)throw new w("This checkout has no remote origin: add the GitHub repository (git remote add origin https://github.com/OWNER/NAME.git) and run init again.");let s=P(r.stdout),a=["github.com",...t.GITHUB_SERVER_URL?[new URL(t.GITHUB_SERVER_URL).host.toLowerCase()]:[]];if(!s||!a.includes(s.host))throw new w(`origin is ${r.stdout}, which is not a repository on GitHub${t.GITHUB_SERVER_URL?` or ${t.GITHUB_SERVER_URL}`:""}. init sets up a GitHub repository: make origin point at it.`);let p=await T(o.stdout,["symbolic-ref","--short","refs/remotes/origin/HEAD"]);return{root:o.stdout,repository:s.repository,...p.code===0?{originHead:p.stdout.replace(/^origin\//,"")}:{}}}async function B(e,t){let o=Date.now(),r=await te(t.cwd??process.cwd(),t.env),s=I(t.env,e.githubToken),a=s?await k(s).repository(r.repository):void 0,p=e.source.defaultBranch??a?.defaultBranch??r.originHead,f={...e.source,...a,...p?{defaultBranch:p}:{}},d=v({...f,githubRepository:r.repository}),g=e.actionRef??t.packageActionRef;if(!g)throw new m(["init cannot tell where this action is published (this CLI does not come from the npm package): pass --action OWNER/ecr-oidc-push@v1."]);let h=E.join(r.root,y),i=F({actionRef:g,defaultBranch:d.defaultBranch,tiers:d.tiers,releaseTags:d.releaseTags}),l=await q(h,"utf8").catch(()=>{});if(l!==void 0&&l!==i&&!e.force)throw new w(`${y} exists and differs from what init would write; nothing was changed. Pass --force to overwrite it, or remove it.`);let c=await S({source:f,repositories:[r.repository],githubToken:e.githubToken,json:!1},t);if(c!==0||d.dryRun)return c;l!==i&&(await Z(E.dirname(h),{recursive:!0}),await ee(h,i));let u=`AWS_ACCOUNT_ID=${d.accountId} and AWS_REGION=${d.region}`;return t.stdout([l===i?`${y} is already as init writes it.`:`Wrote ${y}. Commit and push it:`,...l===i?[]:[`  git add ${y}`,'  git commit -m "Build and push the image to Amazon ECR"',"  git push"],s?`The repository variables ${u} are set.`:`Set the repository variables ${u} (Settings \u2192 Secrets and variables \u2192 Actions \u2192 Variables), or run init again with a GitHub token.`,`init took ${((Date.now()-o)/1e3).toFixed(1)} s.`,""].join(`
`)),0}var b=`Usage: ecr-oidc-push setup --account-id ID --region REGION --repository OWNER/NAME [options]
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

Lists take commas or repeated flags. Exit codes: 0 done, 1 error, 2 usage.`,M={"account-id":"account-id",region:"region","ecr-repository":"repository","role-name":"role-name",branches:"trust-branches",tags:"trust-tags",environments:"trust-environments",audience:"audience","max-session-duration":"max-session-duration","kms-key":"kms-key","untagged-days":"untagged-days","keep-tagged":"keep-tagged","pull-from":"pull-from","ecs-service":"ecs-service",tiers:"tiers","release-tags":"release-tags","release-environment":"release-environment","dev-retention-days":"dev-retention-days",developers:"developers",consumers:"consumers"},oe=new Set(["branches","tags","environments","pull-from","ecs-service","tiers","release-tags","developers","consumers"]),K=["immutable-tags","pull-only","dry-run"];async function J(e){return{iam:await N(e),ecr:C(e),sts:A(e),ecs:await O(e)}}function ie(e){let t={type:"string"},o={type:"string",multiple:!0};return re({args:e,allowPositionals:!0,strict:!0,options:{"account-id":t,region:t,repository:o,"repositories-file":t,"ecr-repository":t,"role-name":t,"default-branch":t,branches:o,tags:o,environments:o,"owner-id":t,"repository-id":t,audience:t,"max-session-duration":t,"kms-key":t,"immutable-tags":{type:"boolean"},"untagged-days":t,"keep-tagged":t,"pull-from":o,"pull-only":{type:"boolean"},"ecs-service":o,tiers:o,"release-tags":o,"release-environment":t,"dev-retention-days":t,developers:o,consumers:o,"github-token":t,"github-org":t,topic:t,force:{type:"boolean"},action:t,"dry-run":{type:"boolean"},json:{type:"boolean"},help:{type:"boolean",short:"h"}}})}async function V(e,t){let o;try{o=ie(e)}catch(i){return t.stderr(`error: ${i.message}

${b}
`),2}let{values:r,positionals:s}=o;if(r.help)return t.stdout(`${b}
`),0;let a=s[0];if(a!=="setup"&&a!=="init"||s.length>1)return t.stderr(`error: ${s.length?`unknown command "${s.join(" ")}"`:"no command given"}; the commands are \`setup\` and \`init\`.

${b}
`),2;let p=["account-id","region"].filter(i=>!r[i]);a==="setup"&&!r.repository?.length&&!r["repositories-file"]&&!r["github-org"]&&p.push("repository");let d=a==="init"?["repository","repositories-file","github-org","topic","owner-id","repository-id","ecr-repository","role-name","json"].filter(i=>r[i]!==void 0):["force","action"].filter(i=>r[i]!==void 0);if(d.length>0)return t.stderr(`error: ${d.map(i=>`--${i}`).join(", ")} ${d.length===1?"is":"are"} not for \`${a}\`${a==="init"?" (it sets up the repository of the checkout it runs in, by the convention's names)":""}.

${b}
`),2;if(p.length>0)return t.stderr(`error: missing ${p.map(i=>`--${i}`).join(", ")}

${b}
`),2;let g={};for(let[i,l]of Object.entries(M)){let c=r[i];c!==void 0&&(g[l]=oe.has(i)?c.join(`
`):String(c))}for(let i of K)r[i]&&(g[i]="true");let h={get:i=>g[i]??"",defaultBranch:r["default-branch"],ownerId:r["owner-id"],repositoryId:r["repository-id"]};try{return a==="init"?await B({source:h,githubToken:r["github-token"],force:r.force??!1,actionRef:r.action},t):await S({source:h,repositories:r.repository??[],repositoriesFile:r["repositories-file"],githubOrg:r["github-org"],topic:r.topic,githubToken:r["github-token"],json:r.json??!1},t)}catch(i){return i instanceof m?(t.stderr(`error: invalid options:
${i.problems.map(l=>`- ${se(l)}`).join(`
`)}
`),2):(t.stderr(`error: ${i.message}
`),1)}}function se(e){return e.replace(/(?:Input )?`([\w-]+)`/g,(t,o)=>{let r=Object.entries(M).find(([,s])=>s===o)?.[0]??K.find(s=>s===o);return r?`--${r}`:t})}function ce(){try{let e=JSON.parse(ne(R.join(R.dirname(ae(process.argv[1])),"..","package.json"),"utf8")),o=(typeof e.repository=="string"?e.repository:e.repository?.url)?.match(/github\.com[/:]([^/]+\/[^/]+?)(?:\.git)?$/)?.[1];return o&&e.version?`${o}@v${e.version.split(".")[0]}`:void 0}catch{return}}V(process.argv.slice(2),{stdout:e=>process.stdout.write(e),stderr:e=>process.stderr.write(e),clients:J,env:process.env,cwd:process.cwd(),packageActionRef:ce()}).then(e=>{process.exitCode=e},e=>{process.stderr.write(`error: ${e.stack??String(e)}
`),process.exitCode=1});
