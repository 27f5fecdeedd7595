import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);
import{b as e,c as a}from"./chunk-JAX7FFKD.js";import"./chunk-SJ2CTC3L.js";import"./chunk-BY3IHTCY.js";import"./chunk-2BYBK4CZ.js";import"./chunk-JCEXEVC3.js";import"./chunk-AEVLNIKH.js";import"./chunk-5BOAKZCB.js";import"./chunk-VUMHHIWT.js";import"./chunk-DKELN73E.js";import"./chunk-TM7AOJEE.js";import"./chunk-JOSM7UO4.js";import"./chunk-ZRTF7USI.js";import"./chunk-ZUV5LTRO.js";import"./chunk-RFME6TH4.js";import"./chunk-6LOWG3PN.js";import"./chunk-Z6ZSEL2H.js";import"./chunk-JWQHFKR2.js";import"./chunk-Y3LUP7R4.js";async function c(t){let{out:r,env:n}=t,o=a({get:t.getInput,githubRepository:t.git.repository,defaultBranch:t.git.defaultBranch,ownerId:n.GITHUB_REPOSITORY_OWNER_ID,repositoryId:n.GITHUB_REPOSITORY_ID}),p={iam:await t.iam(o.region),ecr:await t.ecr(o.region),sts:await t.sts(o.region),ecs:await t.ecs(o.region)},i=await e(o,p,r.info,r.info);r.setOutput("role-arn",i.plan.roleArn),r.setOutput("repository-uri",i.plan.repositoryUri),r.setOutput("plan",i.text),await r.writeSummary(`### ecr-oidc-push setup

\`\`\`
${i.text}
\`\`\`
`)}export{c as runSetupStep};
