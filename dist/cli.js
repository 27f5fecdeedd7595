#!/usr/bin/env node
import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);
import{a as w,b as I,c as E,d as S,e as N,f as $,g as C,h as A}from"./chunks/chunk-CI2EFC5O.js";import"./chunks/chunk-SJ2CTC3L.js";import"./chunks/chunk-BY3IHTCY.js";import"./chunks/chunk-2BYBK4CZ.js";import"./chunks/chunk-JCEXEVC3.js";import{t as h,u as y,v,w as b}from"./chunks/chunk-AEVLNIKH.js";import"./chunks/chunk-5BOAKZCB.js";import"./chunks/chunk-VUMHHIWT.js";import{a as m}from"./chunks/chunk-DKELN73E.js";import"./chunks/chunk-TM7AOJEE.js";import"./chunks/chunk-JOSM7UO4.js";import"./chunks/chunk-ZRTF7USI.js";import"./chunks/chunk-ZUV5LTRO.js";import"./chunks/chunk-RFME6TH4.js";import"./chunks/chunk-6LOWG3PN.js";import"./chunks/chunk-Z6ZSEL2H.js";import"./chunks/chunk-JWQHFKR2.js";import"./chunks/chunk-Y3LUP7R4.js";import{parseArgs as L}from"node:util";import{readFile as T}from"node:fs/promises";var f=`Usage: ecr-oidc-push setup --account-id ID --region REGION --repository OWNER/NAME [options]
       ecr-oidc-push setup --account-id ID --region REGION --repositories-file FILE [options]

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

Lists take commas or repeated flags. Exit codes: 0 done, 1 error, 2 usage.`,k={"account-id":"account-id",region:"region","ecr-repository":"repository","role-name":"role-name",branches:"trust-branches",tags:"trust-tags",environments:"trust-environments",audience:"audience","max-session-duration":"max-session-duration","kms-key":"kms-key","untagged-days":"untagged-days","keep-tagged":"keep-tagged","pull-from":"pull-from","ecs-service":"ecs-service",tiers:"tiers","release-tags":"release-tags","release-environment":"release-environment","dev-retention-days":"dev-retention-days",developers:"developers",consumers:"consumers"},D=new Set(["branches","tags","environments","pull-from","ecs-service","tiers","release-tags","developers","consumers"]),R=["immutable-tags","pull-only","dry-run"];async function x(r){return{iam:await y(r),ecr:v(r),sts:h(r),ecs:await b(r)}}function j(r){let e={type:"string"},s={type:"string",multiple:!0};return L({args:r,allowPositionals:!0,strict:!0,options:{"account-id":e,region:e,repository:s,"repositories-file":e,"ecr-repository":e,"role-name":e,"default-branch":e,branches:s,tags:s,environments:s,"owner-id":e,"repository-id":e,audience:e,"max-session-duration":e,"kms-key":e,"immutable-tags":{type:"boolean"},"untagged-days":e,"keep-tagged":e,"pull-from":s,"pull-only":{type:"boolean"},"ecs-service":s,tiers:s,"release-tags":s,"release-environment":e,"dev-retention-days":e,developers:s,consumers:s,"dry-run":{type:"boolean"},json:{type:"boolean"},help:{type:"boolean",short:"h"}}})}async function O(r,e){let s;try{s=j(r)}catch(n){return e.stderr(`error: ${n.message}

${f}
`),2}let{values:t,positionals:o}=s;if(t.help)return e.stdout(`${f}
`),0;if(o[0]!=="setup"||o.length>1)return e.stderr(`error: ${o.length?`unknown command "${o.join(" ")}"`:"no command given"}; the command is \`setup\`.

${f}
`),2;let d=["account-id","region"].filter(n=>!t[n]);if(!t.repository?.length&&!t["repositories-file"]&&d.push("repository"),d.length>0)return e.stderr(`error: missing ${d.map(n=>`--${n}`).join(", ")}

${f}
`),2;let i={};for(let[n,l]of Object.entries(k)){let c=t[n];c!==void 0&&(i[l]=D.has(n)?c.join(`
`):String(c))}for(let n of R)t[n]&&(i[n]="true");let a={get:n=>i[n]??"",...t["default-branch"]!==void 0?{defaultBranch:t["default-branch"]}:{}};try{let n=[...t.repository??[],...await M(t["repositories-file"])];if(n.length>1)return await W(a,n,t,e);let l=$({...a,githubRepository:n[0]??"",...t["owner-id"]!==void 0?{ownerId:t["owner-id"]}:{},...t["repository-id"]!==void 0?{repositoryId:t["repository-id"]}:{}}),c=t.json?e.stderr:e.stdout,u=await N(l,await e.clients(l.region),g=>c(`${g}
`),g=>e.stderr(`${g}
`));if(t.json)e.stdout(`${JSON.stringify(w(u),null,2)}
`);else if(u.applied){let g=u.plan.tiers.map(p=>`${u.plan.tiers.length>1?`${p.tier}: `:""}role ${p.roleArn}${p.repositoryUri?`, repository ${p.repositoryUri}`:""}`);e.stdout(`Applied ${u.writes} change${u.writes===1?"":"s"}. ${g.join("; ").replace(/^./,p=>p.toUpperCase())}
`)}return 0}catch(n){return n instanceof m?(e.stderr(`error: invalid options:
${n.problems.map(l=>`- ${U(l)}`).join(`
`)}
`),2):(e.stderr(`error: ${n.message}
`),1)}}async function M(r){if(!r)return[];let e=[],s=await T(r,"utf8").catch(o=>(e.push(`--repositories-file ${r} cannot be read (${o.code??o.message}): give a file with one OWNER/NAME a line.`),"")),t=e.length>0?[]:C(s,r,e);if(e.length>0)throw new m(e);return t}async function W(r,e,s,t){if(s["owner-id"]||s["repository-id"])throw new m(["--owner-id and --repository-id are one repository's IDs; with several repositories leave them out."]);let o=A(r,e),d=s.json?t.stderr:t.stdout,i=await E(o,await t.clients(o[0].region),a=>d(`${a}
`),a=>t.stderr(`${a}
`));if(s.json)t.stdout(`${JSON.stringify(I(i),null,2)}
`);else{for(let a of i.results)t.stdout(`${S(a)}
`);i.applied&&t.stdout(`Applied ${i.writes} change${i.writes===1?"":"s"} for ${i.results.length} repositories; ${i.failed} failed.
`)}return i.failed>0?1:0}function U(r){return r.replace(/(?:Input )?`([\w-]+)`/g,(e,s)=>{let t=Object.entries(k).find(([,o])=>o===s)?.[0]??R.find(o=>o===s);return t?`--${t}`:e})}O(process.argv.slice(2),{stdout:r=>process.stdout.write(r),stderr:r=>process.stderr.write(r),clients:x}).then(r=>{process.exitCode=r},r=>{process.stderr.write(`error: ${r.stack??String(r)}
`),process.exitCode=1});
