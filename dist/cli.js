#!/usr/bin/env node
import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);
import{a as O,b as C,c as _,d as G,e as H,f as x,g as j}from"./chunks/chunk-4WZXVFVY.js";import"./chunks/chunk-ED7I7P2M.js";import"./chunks/chunk-7RYDWVI3.js";import"./chunks/chunk-DUTYK7OK.js";import"./chunks/chunk-C6LHSMAH.js";import"./chunks/chunk-TZ2OLSP2.js";import"./chunks/chunk-CT45GZE4.js";import"./chunks/chunk-T2ENW7HT.js";import"./chunks/chunk-4TECPAHV.js";import{a as $,b as T,c as A,d as N}from"./chunks/chunk-AQY2R4KQ.js";import"./chunks/chunk-LJZ5CSTH.js";import"./chunks/chunk-GNC3X33E.js";import"./chunks/chunk-YSTCMKL4.js";import"./chunks/chunk-XD4FLV5C.js";import"./chunks/chunk-KQASWPKW.js";import"./chunks/chunk-BO7YAFQH.js";import"./chunks/chunk-4ZC5KQRA.js";import"./chunks/chunk-LIJY525V.js";import{a as I}from"./chunks/chunk-K27DFM6I.js";import"./chunks/chunk-OA432FX5.js";import"./chunks/chunk-D5NWAR52.js";import{e as R,f as g,g as h}from"./chunks/chunk-JXAO5T3D.js";import"./chunks/chunk-QBHTE44V.js";import"./chunks/chunk-FVN6GXS5.js";import"./chunks/chunk-4D6ECXVM.js";import"./chunks/chunk-VBTBD7X7.js";import"./chunks/chunk-RLRP2YWE.js";import"./chunks/chunk-E2CLDJ5R.js";import"./chunks/chunk-Q2VUOTUY.js";import"./chunks/chunk-SIHEHQU3.js";import"./chunks/chunk-DT5MCSET.js";import{readFileSync as re,realpathSync as oe}from"node:fs";import*as v from"node:path";import{parseArgs as Z}from"node:util";import{execFile as V}from"node:child_process";import{mkdir as z,readFile as X,writeFile as Y}from"node:fs/promises";import*as k from"node:path";import{mkdir as K,writeFile as J}from"node:fs/promises";import*as b from"node:path";async function w(t,e){let o=t.json?e.stderr:e.stdout,i=await j(t,e,s=>o(`${s}
`),s=>e.stderr(`${s}
`));if(i.kind==="emitted"){for(let c of i.notes)e.stderr(`note: ${c}.
`);if(!t.out)return e.stdout(i.text),0;let s=b.resolve(e.cwd,t.out);try{await K(b.dirname(s),{recursive:!0}),await J(s,i.text)}catch(c){let y=c.code??c.message;throw new h([`--out ${t.out} cannot be written (${y}): give a file path, not a directory.`])}let n=i.fleet.length===1?i.fleet[0].githubRepository:`${i.fleet.length} repositories`;return e.stderr(`Wrote ${t.out}: the ${i.format} for ${n}, as setup would create it.
`),0}if(i.kind==="many"){let{outcome:s}=i;if(t.json)e.stdout(`${JSON.stringify(_(s),null,2)}
`);else{for(let n of s.results.map(G))e.stdout(`${n}
`);s.applied&&e.stdout(`Applied ${s.writes} change${s.writes===1?"":"s"} for ${s.results.length} repositories; ${s.failed} failed.
`)}return s.failed>0?1:0}let{outcome:r}=i;if(t.json)e.stdout(`${JSON.stringify(C(r),null,2)}
`);else if(r.applied){let n=r.plan.tiers.map(c=>`${r.plan.tiers.length>1?`${c.tier}: `:""}role ${c.roleArn}${c.repositoryUri?`, repository ${c.repositoryUri}`:""}`).join("; ").replace(/^./,c=>c.toUpperCase());e.stdout(`Applied ${r.writes} change${r.writes===1?"":"s"}. ${n}
`)}return 0}function L(t,e,o){let i=t.source.defaultBranch??o?.defaultBranch??e.originHead,r={...t.source,...o,...i?{defaultBranch:i}:{}},s=[],n;try{n=x({...r,githubRepository:e.repository})}catch(c){if(!(c instanceof h))throw c;s.push(...c.problems)}if(t.actionRef||s.push("init cannot tell where this action is published (this CLI does not come from the npm package): pass --action OWNER/ecr-oidc-push@v1."),!n||!t.actionRef)throw new h(s);return{settings:n,source:r,actionRef:t.actionRef}}var m=".github/workflows/ecr-oidc-push.yml",U=t=>`[${t.map(e=>`'${e.replace(/'/g,"''")}'`).join(", ")}]`;function W(t){let e=t.tiers.some(r=>r!=="main"),o=t.tiers.includes("dev")?["**"]:t.tiers.includes("main")?[t.defaultBranch]:[],i=t.tiers.includes("release")?t.releaseTags:[];return["# Written by `npx ecr-oidc-push init`: builds the image and pushes it to Amazon ECR with no stored secret.","# The account and region come from the repository variables AWS_ACCOUNT_ID and AWS_REGION.","name: ecr-oidc-push","on:","  push:",...o.length>0?[`    branches: ${U(o)}`]:[],...i.length>0?[`    tags: ${U(i)}`]:[],"permissions:","  id-token: write # the OIDC token the role trusts","  contents: read","jobs:","  push:","    runs-on: ubuntu-24.04","    steps:","      - uses: actions/checkout@v4",`      - uses: ${t.actionRef}`,"        with:","          account-id: ${{ vars.AWS_ACCOUNT_ID }}","          region: ${{ vars.AWS_REGION }}",...e?["          tier: auto # a git tag \u2192 release, the default branch \u2192 main, other branches \u2192 dev"]:[],""].join(`
`)}function D(t){let e=t.trim().match(/^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?([^/:]+)(?::\d+)?[:/]([^/]+)\/([^/]+?)(?:\.git)?\/?$/);return e?{host:e[1].toLowerCase(),repository:`${e[2]}/${e[3]}`}:void 0}function S(t,e){return new Promise(o=>{V("git",e,{cwd:t,timeout:1e4},(i,r)=>o({code:i?Number(i.code)||1:0,stdout:r.trim()}))})}async function Q(t,e){let o=await S(t,["rev-parse","--show-toplevel"]);if(o.code!==0)throw new g(`init runs inside a git checkout of the repository to set up, and ${t} is not one. cd into the checkout, or run \`git init\` and add the GitHub repository as origin.`);let i=await S(o.stdout,["remote","get-url","origin"]);if(i.code!==0||!i.stdout)throw new g("This checkout has no remote origin: add the GitHub repository (git remote add origin https://github.com/OWNER/NAME.git) and run init again.");let r=D(i.stdout),s=["github.com",...e.GITHUB_SERVER_URL?[new URL(e.GITHUB_SERVER_URL).host.toLowerCase()]:[]];if(!r||!s.includes(r.host))throw new g(`origin is ${R(i.stdout)}, which is not a repository on GitHub${e.GITHUB_SERVER_URL?` or ${e.GITHUB_SERVER_URL}`:""}. init sets up a GitHub repository: make origin point at it.`);let n=await S(o.stdout,["symbolic-ref","--short","refs/remotes/origin/HEAD"]);return{root:o.stdout,repository:r.repository,...n.code===0?{originHead:n.stdout.replace(/^origin\//,"")}:{}}}async function P(t,e){let o=Date.now(),i=await Q(e.cwd,e.env),r=O(e.env,t.githubToken),s=r?await H(r).repository(i.repository):void 0,{settings:n,source:c,actionRef:y}=L(t,i,s),l=k.join(i.root,m),u=W({actionRef:y,defaultBranch:n.defaultBranch,tiers:n.tiers,releaseTags:n.releaseTags}),p=await X(l,"utf8").catch(()=>{});if(p!==void 0&&p!==u&&!t.force)throw new g(`${m} exists and differs from what init would write; nothing was changed. Pass --force to overwrite it, or remove it.`);let a=await w({source:c,repositories:[i.repository],githubToken:t.githubToken,json:!1},e);if(a!==0||n.dryRun)return a;p!==u&&(await z(k.dirname(l),{recursive:!0}),await Y(l,u));let d=`AWS_ACCOUNT_ID=${n.accountId} and AWS_REGION=${n.region}`;return e.stdout([p===u?`${m} is already as init writes it.`:`Wrote ${m}. Commit and push it:`,...p===u?[]:[`  git add ${m}`,'  git commit -m "Build and push the image to Amazon ECR"',"  git push"],r?`The repository variables ${d} are set.`:`Set the repository variables ${d} (Settings \u2192 Secrets and variables \u2192 Actions \u2192 Variables), or run init again with a GitHub token.`,`init took ${((Date.now()-o)/1e3).toFixed(1)} s.`,""].join(`
`)),0}var f=`Usage: ecr-oidc-push setup --account-id ID --region REGION --repository OWNER/NAME [options]
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
  --sub-claim-keys LIST      the subject template when the repository or its organization customizes it
                             (include_claim_keys), e.g. repo,context,job_workflow_ref; with a GitHub token
                             setup reads it from GitHub instead
  --oidc-issuer URL          the tokens' issuer (default: GITHUB_SERVER_URL's, else github.com's
                             https://token.actions.githubusercontent.com): https://HOST/_services/token for
                             GitHub Enterprise Server, \u2026githubusercontent.com/SLUG for an enterprise's own

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

Infrastructure as code (no AWS credentials, no AWS call; with a GitHub token, GitHub's facts as above):
  --emit FORMAT              terraform or cloudformation: print the code that creates exactly what setup
                             would create with the same flags, instead of applying it
  --out PATH                 write the emitted code to PATH instead of stdout

Output:
  --dry-run                  print the plan, change nothing
  --json                     print the outcome as JSON on stdout (the plan goes to stderr)
  -h, --help                 this text

Lists take commas or repeated flags. Exit codes: 0 done, 1 error, 2 usage.`;var F={"account-id":"account-id",region:"region","ecr-repository":"repository","role-name":"role-name",branches:"trust-branches",tags:"trust-tags",environments:"trust-environments",audience:"audience","oidc-issuer":"oidc-issuer","sub-claim-keys":"sub-claim-keys","max-session-duration":"max-session-duration","kms-key":"kms-key","untagged-days":"untagged-days","keep-tagged":"keep-tagged","pull-from":"pull-from","ecs-service":"ecs-service",tiers:"tiers","release-tags":"release-tags","release-environment":"release-environment","dev-retention-days":"dev-retention-days",developers:"developers",consumers:"consumers"},q=new Set(["sub-claim-keys","branches","tags","environments","pull-from","ecs-service","tiers","release-tags","developers","consumers"]),B=["immutable-tags","pull-only","dry-run"];function ee(t){let e={type:"string"},o={type:"string",multiple:!0};return Z({args:t,allowPositionals:!0,strict:!0,options:{"account-id":e,region:e,repository:o,"repositories-file":e,"ecr-repository":e,"role-name":e,"default-branch":e,branches:o,tags:o,environments:o,"owner-id":e,"repository-id":e,audience:e,"oidc-issuer":e,"sub-claim-keys":o,"max-session-duration":e,"kms-key":e,"immutable-tags":{type:"boolean"},"untagged-days":e,"keep-tagged":e,"pull-from":o,"pull-only":{type:"boolean"},"ecs-service":o,tiers:o,"release-tags":o,"release-environment":e,"dev-retention-days":e,developers:o,consumers:o,"github-token":e,"github-org":e,topic:e,force:{type:"boolean"},action:e,"dry-run":{type:"boolean"},emit:e,out:e,json:{type:"boolean"},help:{type:"boolean",short:"h"}}})}async function M(t,e,o){let i;try{i=ee(t)}catch(a){return e.stderr(`error: ${a.message}

${f}
`),2}let{values:r,positionals:s}=i;if(r.help)return e.stdout(`${f}
`),0;let n=s[0];if(n!=="setup"&&n!=="init"||s.length>1)return e.stderr(`error: ${s.length?`unknown command "${s.join(" ")}"`:"no command given"}; the commands are \`setup\` and \`init\`.

${f}
`),2;let c=["account-id","region"].filter(a=>!r[a]);n==="setup"&&!r.repository?.length&&!r["repositories-file"]&&!r["github-org"]&&c.push("repository");let l=n==="init"?["repository","repositories-file","github-org","topic","owner-id","repository-id","ecr-repository","role-name","json","emit","out"].filter(a=>r[a]!==void 0):["force","action"].filter(a=>r[a]!==void 0);if(l.length>0){let a=n==="init"?" (it sets up the repository of the checkout it runs in, by the convention's names)":"";return e.stderr(`error: ${l.map(d=>`--${d}`).join(", ")} ${l.length===1?"is":"are"} not for \`${n}\`${a}.

${f}
`),2}if(c.length>0)return e.stderr(`error: missing ${c.map(a=>`--${a}`).join(", ")}

${f}
`),2;let u={};for(let[a,d]of Object.entries(F)){let E=r[a];E!==void 0&&(u[d]=q.has(a)?E.flatMap(I).join(`
`):String(E))}for(let a of B)r[a]&&(u[a]="true");let p={get:a=>u[a]??"",defaultBranch:r["default-branch"],ownerId:r["owner-id"],repositoryId:r["repository-id"]};r["github-token"]&&e.stderr(`warning: --github-token puts the token in your shell history and the process list; set GITHUB_TOKEN or GH_TOKEN instead.
`);try{return n==="init"?await P({source:p,githubToken:r["github-token"],force:r.force??!1,actionRef:r.action??o},e):await w({source:p,repositories:(r.repository??[]).flatMap(I),repositoriesFile:r["repositories-file"],githubOrg:r["github-org"],topic:r.topic,githubToken:r["github-token"],json:r.json??!1,emit:r.emit,out:r.out},e)}catch(a){return a instanceof h?(e.stderr(`error: invalid options:
${a.problems.map(d=>`- ${te(d)}`).join(`
`)}
`),2):(e.stderr(`error: ${a.message}
`),1)}}function te(t){return t.replace(/(?:Input )?`([\w-]+)`/g,(e,o)=>{let i=Object.entries(F).find(([,r])=>r===o)?.[0]??B.find(r=>r===o);return i?`--${i}`:e})}function ie(){try{let t=JSON.parse(re(v.join(v.dirname(oe(process.argv[1])),"..","package.json"),"utf8")),o=(typeof t.repository=="string"?t.repository:t.repository?.url)?.match(/github\.com[/:]([^/]+\/[^/]+?)(?:\.git)?$/)?.[1];return o&&t.version?`${o}@v${t.version.split(".")[0]}`:void 0}catch{return}}M(process.argv.slice(2),{stdout:t=>process.stdout.write(t),stderr:t=>process.stderr.write(t),env:process.env,cwd:process.cwd(),sts:$,ecr:T,iam:A,ecs:N},ie()).then(t=>{process.exitCode=t},t=>{process.stderr.write(`error: ${t.stack??String(t)}
`),process.exitCode=1});
