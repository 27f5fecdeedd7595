#!/usr/bin/env node
import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);
import{a as h,b,c as S}from"./chunks/chunk-DEC2VSEO.js";import"./chunks/chunk-SJ2CTC3L.js";import"./chunks/chunk-BY3IHTCY.js";import"./chunks/chunk-2BYBK4CZ.js";import"./chunks/chunk-7XFZETVL.js";import{r as d,s as g,t as m,u as f}from"./chunks/chunk-ZY24W4RT.js";import"./chunks/chunk-5BOAKZCB.js";import"./chunks/chunk-VUMHHIWT.js";import{a as y}from"./chunks/chunk-OP2GZNB6.js";import"./chunks/chunk-XU42ZFHZ.js";import"./chunks/chunk-JOSM7UO4.js";import"./chunks/chunk-ZRTF7USI.js";import"./chunks/chunk-ZUV5LTRO.js";import"./chunks/chunk-RFME6TH4.js";import"./chunks/chunk-6LOWG3PN.js";import"./chunks/chunk-Z6ZSEL2H.js";import"./chunks/chunk-JWQHFKR2.js";import"./chunks/chunk-Y3LUP7R4.js";import{parseArgs as C}from"node:util";var l=`Usage: ecr-oidc-push setup --account-id ID --region REGION --repository OWNER/NAME [options]

Creates (or brings back in line) what push mode needs: the GitHub OIDC provider, the role
github-actions-<repo> with a strict trust policy, its push policy, and the ECR repository.
Shows the plan first; a second run changes nothing. Uses your AWS credentials (the SDK's default chain).

Required:
  --account-id ID            12-digit AWS account ID
  --region REGION            AWS region, e.g. us-east-1
  --repository OWNER/NAME    the GitHub repository that will push

Whom the role trusts (the default branch always; nothing else unless listed):
  --default-branch NAME      default branch (default: main)
  --branches LIST            more branches; patterns such as 'release/*' use StringLike
  --tags LIST                git tags, e.g. 'v*'
  --environments LIST        deployment environments, e.g. production
  --owner-id ID --repository-id ID
                             GitHub's numeric IDs: also trust the immutable subject form
                             repo:OWNER@OWNER_ID/NAME@REPO_ID:\u2026 (repositories created after 2026-07-15)

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

Output:
  --dry-run                  print the plan, change nothing
  --json                     print the outcome as JSON on stdout (the plan goes to stderr)
  -h, --help                 this text

Lists take commas or repeated flags. Exit codes: 0 done, 1 error, 2 usage.`,E={"account-id":"account-id",region:"region","ecr-repository":"repository","role-name":"role-name",branches:"trust-branches",tags:"trust-tags",environments:"trust-environments",audience:"audience","max-session-duration":"max-session-duration","kms-key":"kms-key","untagged-days":"untagged-days","keep-tagged":"keep-tagged","pull-from":"pull-from","ecs-service":"ecs-service"},k=new Set(["branches","tags","environments","pull-from","ecs-service"]),I=["immutable-tags","pull-only","dry-run"];async function v(t){return{iam:await g(t),ecr:m(t),sts:d(t),ecs:await f(t)}}function N(t){let e={type:"string"},n={type:"string",multiple:!0};return C({args:t,allowPositionals:!0,strict:!0,options:{"account-id":e,region:e,repository:e,"ecr-repository":e,"role-name":e,"default-branch":e,branches:n,tags:n,environments:n,"owner-id":e,"repository-id":e,audience:e,"max-session-duration":e,"kms-key":e,"immutable-tags":{type:"boolean"},"untagged-days":e,"keep-tagged":e,"pull-from":n,"pull-only":{type:"boolean"},"ecs-service":n,"dry-run":{type:"boolean"},json:{type:"boolean"},help:{type:"boolean",short:"h"}}})}async function w(t,e){let n;try{n=N(t)}catch(r){return e.stderr(`error: ${r.message}

${l}
`),2}let{values:s,positionals:i}=n;if(s.help)return e.stdout(`${l}
`),0;if(i[0]!=="setup"||i.length>1)return e.stderr(`error: ${i.length?`unknown command "${i.join(" ")}"`:"no command given"}; the command is \`setup\`.

${l}
`),2;let p=["account-id","region","repository"].filter(r=>!s[r]);if(p.length>0)return e.stderr(`error: missing ${p.map(r=>`--${r}`).join(", ")}

${l}
`),2;let c={};for(let[r,u]of Object.entries(E)){let o=s[r];o!==void 0&&(c[u]=k.has(r)?o.join(`
`):String(o))}for(let r of I)s[r]&&(c[r]="true");try{let r=S({get:a=>c[a]??"",githubRepository:s.repository??"",...s["owner-id"]!==void 0?{ownerId:s["owner-id"]}:{},...s["repository-id"]!==void 0?{repositoryId:s["repository-id"]}:{},...s["default-branch"]!==void 0?{defaultBranch:s["default-branch"]}:{}}),u=s.json?e.stderr:e.stdout,o=await b(r,await e.clients(r.region),a=>u(`${a}
`),a=>e.stderr(`${a}
`));if(s.json)e.stdout(`${JSON.stringify(h(o),null,2)}
`);else if(o.applied){let a=o.plan.repositoryUri?`, repository ${o.plan.repositoryUri}`:"";e.stdout(`Applied ${o.writes} change${o.writes===1?"":"s"}. Role ${o.plan.roleArn}${a}
`)}return 0}catch(r){return r instanceof y?(e.stderr(`error: invalid options:
${r.problems.map(u=>`- ${$(u)}`).join(`
`)}
`),2):(e.stderr(`error: ${r.message}
`),1)}}function $(t){return t.replace(/(?:Input )?`([\w-]+)`/g,(e,n)=>{let s=Object.entries(E).find(([,i])=>i===n)?.[0]??I.find(i=>i===n);return s?`--${s}`:e})}w(process.argv.slice(2),{stdout:t=>process.stdout.write(t),stderr:t=>process.stderr.write(t),clients:v}).then(t=>{process.exitCode=t},t=>{process.stderr.write(`error: ${t.stack??String(t)}
`),process.exitCode=1});
