#!/usr/bin/env node
import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);
import{a as A,b as O,c as C,d as _,e as G,f as H,g as j}from"./chunks/chunk-2U5GQWAZ.js";import"./chunks/chunk-ED7I7P2M.js";import"./chunks/chunk-7RYDWVI3.js";import"./chunks/chunk-DUTYK7OK.js";import"./chunks/chunk-C6LHSMAH.js";import"./chunks/chunk-TZ2OLSP2.js";import"./chunks/chunk-CT45GZE4.js";import"./chunks/chunk-T2ENW7HT.js";import"./chunks/chunk-4TECPAHV.js";import{a as R,b as $,c as T,d as N}from"./chunks/chunk-OKCN5JRA.js";import"./chunks/chunk-LJZ5CSTH.js";import"./chunks/chunk-GNC3X33E.js";import"./chunks/chunk-YSTCMKL4.js";import"./chunks/chunk-JXAIVE4R.js";import"./chunks/chunk-ALB6LPCU.js";import"./chunks/chunk-BO7YAFQH.js";import"./chunks/chunk-4ZC5KQRA.js";import"./chunks/chunk-LIJY525V.js";import{a as v}from"./chunks/chunk-K27DFM6I.js";import"./chunks/chunk-OA432FX5.js";import"./chunks/chunk-D5NWAR52.js";import{e as S,f as g,g as f}from"./chunks/chunk-JXAO5T3D.js";import"./chunks/chunk-QBHTE44V.js";import"./chunks/chunk-FVN6GXS5.js";import"./chunks/chunk-4D6ECXVM.js";import"./chunks/chunk-VBTBD7X7.js";import"./chunks/chunk-RLRP2YWE.js";import"./chunks/chunk-E2CLDJ5R.js";import"./chunks/chunk-Q2VUOTUY.js";import"./chunks/chunk-SIHEHQU3.js";import"./chunks/chunk-DT5MCSET.js";import{readFileSync as q,realpathSync as ee}from"node:fs";import*as w from"node:path";import{parseArgs as X}from"node:util";import{execFile as M}from"node:child_process";import{mkdir as K,readFile as J,writeFile as V}from"node:fs/promises";import*as b from"node:path";async function y(t,e){let o=t.json?e.stderr:e.stdout,s=await j(t,e,i=>o(`${i}
`),i=>e.stderr(`${i}
`));if(s.kind==="many"){let{outcome:i}=s;if(t.json)e.stdout(`${JSON.stringify(C(i),null,2)}
`);else{for(let a of i.results.map(_))e.stdout(`${a}
`);i.applied&&e.stdout(`Applied ${i.writes} change${i.writes===1?"":"s"} for ${i.results.length} repositories; ${i.failed} failed.
`)}return i.failed>0?1:0}let{outcome:r}=s;if(t.json)e.stdout(`${JSON.stringify(O(r),null,2)}
`);else if(r.applied){let a=r.plan.tiers.map(c=>`${r.plan.tiers.length>1?`${c.tier}: `:""}role ${c.roleArn}${c.repositoryUri?`, repository ${c.repositoryUri}`:""}`).join("; ").replace(/^./,c=>c.toUpperCase());e.stdout(`Applied ${r.writes} change${r.writes===1?"":"s"}. ${a}
`)}return 0}function x(t,e,o){let s=t.source.defaultBranch??o?.defaultBranch??e.originHead,r={...t.source,...o,...s?{defaultBranch:s}:{}},i=[],a;try{a=H({...r,githubRepository:e.repository})}catch(c){if(!(c instanceof f))throw c;i.push(...c.problems)}if(t.actionRef||i.push("init cannot tell where this action is published (this CLI does not come from the npm package): pass --action OWNER/ecr-oidc-push@v1."),!a||!t.actionRef)throw new f(i);return{settings:a,source:r,actionRef:t.actionRef}}var h=".github/workflows/ecr-oidc-push.yml",L=t=>`[${t.map(e=>`'${e.replace(/'/g,"''")}'`).join(", ")}]`;function U(t){let e=t.tiers.some(r=>r!=="main"),o=t.tiers.includes("dev")?["**"]:t.tiers.includes("main")?[t.defaultBranch]:[],s=t.tiers.includes("release")?t.releaseTags:[];return["# Written by `npx ecr-oidc-push init`: builds the image and pushes it to Amazon ECR with no stored secret.","# The account and region come from the repository variables AWS_ACCOUNT_ID and AWS_REGION.","name: ecr-oidc-push","on:","  push:",...o.length>0?[`    branches: ${L(o)}`]:[],...s.length>0?[`    tags: ${L(s)}`]:[],"permissions:","  id-token: write # the OIDC token the role trusts","  contents: read","jobs:","  push:","    runs-on: ubuntu-24.04","    steps:","      - uses: actions/checkout@v4",`      - uses: ${t.actionRef}`,"        with:","          account-id: ${{ vars.AWS_ACCOUNT_ID }}","          region: ${{ vars.AWS_REGION }}",...e?["          tier: auto # a git tag \u2192 release, the default branch \u2192 main, other branches \u2192 dev"]:[],""].join(`
`)}function W(t){let e=t.trim().match(/^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?([^/:]+)(?::\d+)?[:/]([^/]+)\/([^/]+?)(?:\.git)?\/?$/);return e?{host:e[1].toLowerCase(),repository:`${e[2]}/${e[3]}`}:void 0}function I(t,e){return new Promise(o=>{M("git",e,{cwd:t,timeout:1e4},(s,r)=>o({code:s?Number(s.code)||1:0,stdout:r.trim()}))})}async function z(t,e){let o=await I(t,["rev-parse","--show-toplevel"]);if(o.code!==0)throw new g(`init runs inside a git checkout of the repository to set up, and ${t} is not one. cd into the checkout, or run \`git init\` and add the GitHub repository as origin.`);let s=await I(o.stdout,["remote","get-url","origin"]);if(s.code!==0||!s.stdout)throw new g("This checkout has no remote origin: add the GitHub repository (git remote add origin https://github.com/OWNER/NAME.git) and run init again.");let r=W(s.stdout),i=["github.com",...e.GITHUB_SERVER_URL?[new URL(e.GITHUB_SERVER_URL).host.toLowerCase()]:[]];if(!r||!i.includes(r.host))throw new g(`origin is ${S(s.stdout)}, which is not a repository on GitHub${e.GITHUB_SERVER_URL?` or ${e.GITHUB_SERVER_URL}`:""}. init sets up a GitHub repository: make origin point at it.`);let a=await I(o.stdout,["symbolic-ref","--short","refs/remotes/origin/HEAD"]);return{root:o.stdout,repository:r.repository,...a.code===0?{originHead:a.stdout.replace(/^origin\//,"")}:{}}}async function D(t,e){let o=Date.now(),s=await z(e.cwd,e.env),r=A(e.env,t.githubToken),i=r?await G(r).repository(s.repository):void 0,{settings:a,source:c,actionRef:E}=x(t,s,i),l=b.join(s.root,h),u=U({actionRef:E,defaultBranch:a.defaultBranch,tiers:a.tiers,releaseTags:a.releaseTags}),p=await J(l,"utf8").catch(()=>{});if(p!==void 0&&p!==u&&!t.force)throw new g(`${h} exists and differs from what init would write; nothing was changed. Pass --force to overwrite it, or remove it.`);let n=await y({source:c,repositories:[s.repository],githubToken:t.githubToken,json:!1},e);if(n!==0||a.dryRun)return n;p!==u&&(await K(b.dirname(l),{recursive:!0}),await V(l,u));let d=`AWS_ACCOUNT_ID=${a.accountId} and AWS_REGION=${a.region}`;return e.stdout([p===u?`${h} is already as init writes it.`:`Wrote ${h}. Commit and push it:`,...p===u?[]:[`  git add ${h}`,'  git commit -m "Build and push the image to Amazon ECR"',"  git push"],r?`The repository variables ${d} are set.`:`Set the repository variables ${d} (Settings \u2192 Secrets and variables \u2192 Actions \u2192 Variables), or run init again with a GitHub token.`,`init took ${((Date.now()-o)/1e3).toFixed(1)} s.`,""].join(`
`)),0}var m=`Usage: ecr-oidc-push setup --account-id ID --region REGION --repository OWNER/NAME [options]
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

Output:
  --dry-run                  print the plan, change nothing
  --json                     print the outcome as JSON on stdout (the plan goes to stderr)
  -h, --help                 this text

Lists take commas or repeated flags. Exit codes: 0 done, 1 error, 2 usage.`;var P={"account-id":"account-id",region:"region","ecr-repository":"repository","role-name":"role-name",branches:"trust-branches",tags:"trust-tags",environments:"trust-environments",audience:"audience","oidc-issuer":"oidc-issuer","sub-claim-keys":"sub-claim-keys","max-session-duration":"max-session-duration","kms-key":"kms-key","untagged-days":"untagged-days","keep-tagged":"keep-tagged","pull-from":"pull-from","ecs-service":"ecs-service",tiers:"tiers","release-tags":"release-tags","release-environment":"release-environment","dev-retention-days":"dev-retention-days",developers:"developers",consumers:"consumers"},Y=new Set(["sub-claim-keys","branches","tags","environments","pull-from","ecs-service","tiers","release-tags","developers","consumers"]),B=["immutable-tags","pull-only","dry-run"];function Q(t){let e={type:"string"},o={type:"string",multiple:!0};return X({args:t,allowPositionals:!0,strict:!0,options:{"account-id":e,region:e,repository:o,"repositories-file":e,"ecr-repository":e,"role-name":e,"default-branch":e,branches:o,tags:o,environments:o,"owner-id":e,"repository-id":e,audience:e,"oidc-issuer":e,"sub-claim-keys":o,"max-session-duration":e,"kms-key":e,"immutable-tags":{type:"boolean"},"untagged-days":e,"keep-tagged":e,"pull-from":o,"pull-only":{type:"boolean"},"ecs-service":o,tiers:o,"release-tags":o,"release-environment":e,"dev-retention-days":e,developers:o,consumers:o,"github-token":e,"github-org":e,topic:e,force:{type:"boolean"},action:e,"dry-run":{type:"boolean"},json:{type:"boolean"},help:{type:"boolean",short:"h"}}})}async function F(t,e,o){let s;try{s=Q(t)}catch(n){return e.stderr(`error: ${n.message}

${m}
`),2}let{values:r,positionals:i}=s;if(r.help)return e.stdout(`${m}
`),0;let a=i[0];if(a!=="setup"&&a!=="init"||i.length>1)return e.stderr(`error: ${i.length?`unknown command "${i.join(" ")}"`:"no command given"}; the commands are \`setup\` and \`init\`.

${m}
`),2;let c=["account-id","region"].filter(n=>!r[n]);a==="setup"&&!r.repository?.length&&!r["repositories-file"]&&!r["github-org"]&&c.push("repository");let l=a==="init"?["repository","repositories-file","github-org","topic","owner-id","repository-id","ecr-repository","role-name","json"].filter(n=>r[n]!==void 0):["force","action"].filter(n=>r[n]!==void 0);if(l.length>0){let n=a==="init"?" (it sets up the repository of the checkout it runs in, by the convention's names)":"";return e.stderr(`error: ${l.map(d=>`--${d}`).join(", ")} ${l.length===1?"is":"are"} not for \`${a}\`${n}.

${m}
`),2}if(c.length>0)return e.stderr(`error: missing ${c.map(n=>`--${n}`).join(", ")}

${m}
`),2;let u={};for(let[n,d]of Object.entries(P)){let k=r[n];k!==void 0&&(u[d]=Y.has(n)?k.flatMap(v).join(`
`):String(k))}for(let n of B)r[n]&&(u[n]="true");let p={get:n=>u[n]??"",defaultBranch:r["default-branch"],ownerId:r["owner-id"],repositoryId:r["repository-id"]};r["github-token"]&&e.stderr(`warning: --github-token puts the token in your shell history and the process list; set GITHUB_TOKEN or GH_TOKEN instead.
`);try{return a==="init"?await D({source:p,githubToken:r["github-token"],force:r.force??!1,actionRef:r.action??o},e):await y({source:p,repositories:(r.repository??[]).flatMap(v),repositoriesFile:r["repositories-file"],githubOrg:r["github-org"],topic:r.topic,githubToken:r["github-token"],json:r.json??!1},e)}catch(n){return n instanceof f?(e.stderr(`error: invalid options:
${n.problems.map(d=>`- ${Z(d)}`).join(`
`)}
`),2):(e.stderr(`error: ${n.message}
`),1)}}function Z(t){return t.replace(/(?:Input )?`([\w-]+)`/g,(e,o)=>{let s=Object.entries(P).find(([,r])=>r===o)?.[0]??B.find(r=>r===o);return s?`--${s}`:e})}function te(){try{let t=JSON.parse(q(w.join(w.dirname(ee(process.argv[1])),"..","package.json"),"utf8")),o=(typeof t.repository=="string"?t.repository:t.repository?.url)?.match(/github\.com[/:]([^/]+\/[^/]+?)(?:\.git)?$/)?.[1];return o&&t.version?`${o}@v${t.version.split(".")[0]}`:void 0}catch{return}}F(process.argv.slice(2),{stdout:t=>process.stdout.write(t),stderr:t=>process.stderr.write(t),env:process.env,cwd:process.cwd(),sts:R,ecr:$,iam:T,ecs:N},te()).then(t=>{process.exitCode=t},t=>{process.stderr.write(`error: ${t.stack??String(t)}
`),process.exitCode=1});
