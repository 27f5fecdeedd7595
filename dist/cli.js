#!/usr/bin/env node
import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);
import{a as x}from"./chunks/chunk-SZOUN2DO.js";import{a as S,b as E,c as N,d as C,e as k,f as O,g as T,h as $,i as A,j as R}from"./chunks/chunk-IIRCUAEV.js";import"./chunks/chunk-IDV7SE6P.js";import"./chunks/chunk-PSYKCTYF.js";import"./chunks/chunk-G4QF6DYS.js";import"./chunks/chunk-B6R55GE2.js";import{t as b,u as I,v,w}from"./chunks/chunk-FAXIADBL.js";import"./chunks/chunk-73LXB6HC.js";import"./chunks/chunk-CC6VQP72.js";import{a as p}from"./chunks/chunk-DKELN73E.js";import"./chunks/chunk-TM7AOJEE.js";import"./chunks/chunk-JOSM7UO4.js";import"./chunks/chunk-ODCQ6774.js";import"./chunks/chunk-ZUV5LTRO.js";import"./chunks/chunk-EHRTGGGG.js";import"./chunks/chunk-AFP5RQDW.js";import"./chunks/chunk-SDUFMKJ2.js";import"./chunks/chunk-AF52FFOA.js";import"./chunks/chunk-Y3LUP7R4.js";import"./chunks/chunk-DT5MCSET.js";import{parseArgs as W}from"node:util";import{readFile as U}from"node:fs/promises";async function j(t,e){let s=S(e.env,t.githubToken);if(t.githubOrg&&!(t.topic&&s))throw new p([`--github-org selects the organisation's repositories by topic: it needs --topic${s?"":" and a GitHub token (GITHUB_TOKEN, GH_TOKEN or --github-token)"}.`]);let r=s&&x(s),i=[...new Set([...t.repositories,...await F(t.repositoriesFile),...r&&t.githubOrg?await r.repositoriesWithTopic(t.githubOrg,t.topic):[]])];if(i.length===0)throw new p([`--github-org ${t.githubOrg} has no repository with the topic ${t.topic}.`]);let l=r?await O(r,i):new Map,u=async a=>({...await e.clients(a),...r?{github:r}:{}}),h=t.json?e.stderr:e.stdout,o=a=>h(`${a}
`),c=a=>e.stderr(`${a}
`);if(i.length>1){if(t.source.ownerId||t.source.repositoryId)throw new p(["--owner-id and --repository-id are one repository's IDs; with several repositories leave them out."]);let a=R(t.source,i,f=>l.get(f)),n=await C(a,await u(a[0].region),o,c);if(t.json)e.stdout(`${JSON.stringify(N(n),null,2)}
`);else{for(let f of n.results)e.stdout(`${k(f)}
`);n.applied&&e.stdout(`Applied ${n.writes} change${n.writes===1?"":"s"} for ${n.results.length} repositories; ${n.failed} failed.
`)}return n.failed>0?1:0}let d=i[0],y=$({...l.get(d),...P(t.source),get:t.source.get,githubRepository:d}),g=await T(y,await u(y.region),o,c);if(t.json)e.stdout(`${JSON.stringify(E(g),null,2)}
`);else if(g.applied){let a=g.plan.tiers.map(n=>`${g.plan.tiers.length>1?`${n.tier}: `:""}role ${n.roleArn}${n.repositoryUri?`, repository ${n.repositoryUri}`:""}`);e.stdout(`Applied ${g.writes} change${g.writes===1?"":"s"}. ${a.join("; ").replace(/^./,n=>n.toUpperCase())}
`)}return 0}var P=t=>Object.fromEntries(Object.entries(t).filter(([,e])=>e!==void 0));async function F(t){if(!t)return[];let e=[],s=await U(t,"utf8").catch(i=>(e.push(`--repositories-file ${t} cannot be read (${i.code??i.message}): give a file with one OWNER/NAME a line.`),"")),r=e.length>0?[]:A(s,t,e);if(e.length>0)throw new p(e);return r}var m=`Usage: ecr-oidc-push setup --account-id ID --region REGION --repository OWNER/NAME [options]
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

GitHub (with a token: GITHUB_TOKEN, GH_TOKEN or --github-token; GITHUB_API_URL for GitHub Enterprise):
  --github-token TOKEN       read each repository's default branch and numeric IDs from the API (so the
                             immutable subject form needs no flags) and set its repository variables
                             AWS_ACCOUNT_ID and AWS_REGION (variables, not secrets: they are not secret)
  --github-org ORG --topic T also set up the organisation's repositories that carry the topic T

Output:
  --dry-run                  print the plan, change nothing
  --json                     print the outcome as JSON on stdout (the plan goes to stderr)
  -h, --help                 this text

Lists take commas or repeated flags. Exit codes: 0 done, 1 error, 2 usage.`,D={"account-id":"account-id",region:"region","ecr-repository":"repository","role-name":"role-name",branches:"trust-branches",tags:"trust-tags",environments:"trust-environments",audience:"audience","max-session-duration":"max-session-duration","kms-key":"kms-key","untagged-days":"untagged-days","keep-tagged":"keep-tagged","pull-from":"pull-from","ecs-service":"ecs-service",tiers:"tiers","release-tags":"release-tags","release-environment":"release-environment","dev-retention-days":"dev-retention-days",developers:"developers",consumers:"consumers"},_=new Set(["branches","tags","environments","pull-from","ecs-service","tiers","release-tags","developers","consumers"]),L=["immutable-tags","pull-only","dry-run"];async function G(t){return{iam:await I(t),ecr:v(t),sts:b(t),ecs:await w(t)}}function H(t){let e={type:"string"},s={type:"string",multiple:!0};return W({args:t,allowPositionals:!0,strict:!0,options:{"account-id":e,region:e,repository:s,"repositories-file":e,"ecr-repository":e,"role-name":e,"default-branch":e,branches:s,tags:s,environments:s,"owner-id":e,"repository-id":e,audience:e,"max-session-duration":e,"kms-key":e,"immutable-tags":{type:"boolean"},"untagged-days":e,"keep-tagged":e,"pull-from":s,"pull-only":{type:"boolean"},"ecs-service":s,tiers:s,"release-tags":s,"release-environment":e,"dev-retention-days":e,developers:s,consumers:s,"github-token":e,"github-org":e,topic:e,"dry-run":{type:"boolean"},json:{type:"boolean"},help:{type:"boolean",short:"h"}}})}async function M(t,e){let s;try{s=H(t)}catch(o){return e.stderr(`error: ${o.message}

${m}
`),2}let{values:r,positionals:i}=s;if(r.help)return e.stdout(`${m}
`),0;if(i[0]!=="setup"||i.length>1)return e.stderr(`error: ${i.length?`unknown command "${i.join(" ")}"`:"no command given"}; the command is \`setup\`.

${m}
`),2;let l=["account-id","region"].filter(o=>!r[o]);if(!r.repository?.length&&!r["repositories-file"]&&!r["github-org"]&&l.push("repository"),l.length>0)return e.stderr(`error: missing ${l.map(o=>`--${o}`).join(", ")}

${m}
`),2;let u={};for(let[o,c]of Object.entries(D)){let d=r[o];d!==void 0&&(u[c]=_.has(o)?d.join(`
`):String(d))}for(let o of L)r[o]&&(u[o]="true");let h={get:o=>u[o]??"",defaultBranch:r["default-branch"],ownerId:r["owner-id"],repositoryId:r["repository-id"]};try{return await j({source:h,repositories:r.repository??[],repositoriesFile:r["repositories-file"],githubOrg:r["github-org"],topic:r.topic,githubToken:r["github-token"],json:r.json??!1},e)}catch(o){return o instanceof p?(e.stderr(`error: invalid options:
${o.problems.map(c=>`- ${K(c)}`).join(`
`)}
`),2):(e.stderr(`error: ${o.message}
`),1)}}function K(t){return t.replace(/(?:Input )?`([\w-]+)`/g,(e,s)=>{let r=Object.entries(D).find(([,i])=>i===s)?.[0]??L.find(i=>i===s);return r?`--${r}`:e})}M(process.argv.slice(2),{stdout:t=>process.stdout.write(t),stderr:t=>process.stderr.write(t),clients:G,env:process.env}).then(t=>{process.exitCode=t},t=>{process.stderr.write(`error: ${t.stack??String(t)}
`),process.exitCode=1});
