#!/usr/bin/env node
import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);
import{a as v,b,c as I}from"./chunks/chunk-JAX7FFKD.js";import"./chunks/chunk-SJ2CTC3L.js";import"./chunks/chunk-BY3IHTCY.js";import"./chunks/chunk-2BYBK4CZ.js";import"./chunks/chunk-JCEXEVC3.js";import{t as m,u as g,v as h,w as y}from"./chunks/chunk-AEVLNIKH.js";import"./chunks/chunk-5BOAKZCB.js";import"./chunks/chunk-VUMHHIWT.js";import{a as f}from"./chunks/chunk-DKELN73E.js";import"./chunks/chunk-TM7AOJEE.js";import"./chunks/chunk-JOSM7UO4.js";import"./chunks/chunk-ZRTF7USI.js";import"./chunks/chunk-ZUV5LTRO.js";import"./chunks/chunk-RFME6TH4.js";import"./chunks/chunk-6LOWG3PN.js";import"./chunks/chunk-Z6ZSEL2H.js";import"./chunks/chunk-JWQHFKR2.js";import"./chunks/chunk-Y3LUP7R4.js";import{parseArgs as N}from"node:util";var p=`Usage: ecr-oidc-push setup --account-id ID --region REGION --repository OWNER/NAME [options]

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

Tiers (each a role and an ECR repository of its own; default main):
  --tiers LIST               main (the default branch), dev (any other branch: role and repository -dev,
                             images expire), release (release tags: -release, tags immutable, kept)
  --release-tags LIST        git tags the release role trusts (default: v*)
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

Output:
  --dry-run                  print the plan, change nothing
  --json                     print the outcome as JSON on stdout (the plan goes to stderr)
  -h, --help                 this text

Lists take commas or repeated flags. Exit codes: 0 done, 1 error, 2 usage.`,S={"account-id":"account-id",region:"region","ecr-repository":"repository","role-name":"role-name",branches:"trust-branches",tags:"trust-tags",environments:"trust-environments",audience:"audience","max-session-duration":"max-session-duration","kms-key":"kms-key","untagged-days":"untagged-days","keep-tagged":"keep-tagged","pull-from":"pull-from","ecs-service":"ecs-service",tiers:"tiers","release-tags":"release-tags","release-environment":"release-environment","dev-retention-days":"dev-retention-days",developers:"developers",consumers:"consumers"},k=new Set(["branches","tags","environments","pull-from","ecs-service","tiers","release-tags","developers","consumers"]),E=["immutable-tags","pull-only","dry-run"];async function w(t){return{iam:await g(t),ecr:h(t),sts:m(t),ecs:await y(t)}}function A(t){let e={type:"string"},n={type:"string",multiple:!0};return N({args:t,allowPositionals:!0,strict:!0,options:{"account-id":e,region:e,repository:e,"ecr-repository":e,"role-name":e,"default-branch":e,branches:n,tags:n,environments:n,"owner-id":e,"repository-id":e,audience:e,"max-session-duration":e,"kms-key":e,"immutable-tags":{type:"boolean"},"untagged-days":e,"keep-tagged":e,"pull-from":n,"pull-only":{type:"boolean"},"ecs-service":n,tiers:n,"release-tags":n,"release-environment":e,"dev-retention-days":e,developers:n,consumers:n,"dry-run":{type:"boolean"},json:{type:"boolean"},help:{type:"boolean",short:"h"}}})}async function C(t,e){let n;try{n=A(t)}catch(r){return e.stderr(`error: ${r.message}

${p}
`),2}let{values:s,positionals:i}=n;if(s.help)return e.stdout(`${p}
`),0;if(i[0]!=="setup"||i.length>1)return e.stderr(`error: ${i.length?`unknown command "${i.join(" ")}"`:"no command given"}; the command is \`setup\`.

${p}
`),2;let d=["account-id","region","repository"].filter(r=>!s[r]);if(d.length>0)return e.stderr(`error: missing ${d.map(r=>`--${r}`).join(", ")}

${p}
`),2;let c={};for(let[r,u]of Object.entries(S)){let o=s[r];o!==void 0&&(c[u]=k.has(r)?o.join(`
`):String(o))}for(let r of E)s[r]&&(c[r]="true");try{let r=I({get:a=>c[a]??"",githubRepository:s.repository??"",...s["owner-id"]!==void 0?{ownerId:s["owner-id"]}:{},...s["repository-id"]!==void 0?{repositoryId:s["repository-id"]}:{},...s["default-branch"]!==void 0?{defaultBranch:s["default-branch"]}:{}}),u=s.json?e.stderr:e.stdout,o=await b(r,await e.clients(r.region),a=>u(`${a}
`),a=>e.stderr(`${a}
`));if(s.json)e.stdout(`${JSON.stringify(v(o),null,2)}
`);else if(o.applied){let a=o.plan.tiers.map(l=>`${o.plan.tiers.length>1?`${l.tier}: `:""}role ${l.roleArn}${l.repositoryUri?`, repository ${l.repositoryUri}`:""}`);e.stdout(`Applied ${o.writes} change${o.writes===1?"":"s"}. ${a.join("; ").replace(/^./,l=>l.toUpperCase())}
`)}return 0}catch(r){return r instanceof f?(e.stderr(`error: invalid options:
${r.problems.map(u=>`- ${$(u)}`).join(`
`)}
`),2):(e.stderr(`error: ${r.message}
`),1)}}function $(t){return t.replace(/(?:Input )?`([\w-]+)`/g,(e,n)=>{let s=Object.entries(S).find(([,i])=>i===n)?.[0]??E.find(i=>i===n);return s?`--${s}`:e})}C(process.argv.slice(2),{stdout:t=>process.stdout.write(t),stderr:t=>process.stderr.write(t),clients:w}).then(t=>{process.exitCode=t},t=>{process.stderr.write(`error: ${t.stack??String(t)}
`),process.exitCode=1});
