import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);
import{b as e,c as p}from"./chunk-7CVGFRB7.js";import"./chunk-NVPUTNBE.js";import"./chunk-JOSM7UO4.js";import"./chunk-EOW7ZSGS.js";import"./chunk-5SC6AHT6.js";import"./chunk-GFD5SNNK.js";import"./chunk-B2BLTWKG.js";import"./chunk-PXHPEJV5.js";import"./chunk-F4UWYHXC.js";async function c(t){let{out:r,env:n}=t,o=p({get:t.getInput,githubRepository:t.git.repository,defaultBranch:t.git.defaultBranch,ownerId:n.GITHUB_REPOSITORY_OWNER_ID,repositoryId:n.GITHUB_REPOSITORY_ID}),s={iam:await t.iam(o.region),ecr:t.ecr(o.region),sts:t.sts(o.region),ecs:await t.ecs(o.region)},i=await e(o,s,r.info,r.info);r.setOutput("role-arn",i.plan.roleArn),r.setOutput("repository-uri",i.plan.repositoryUri),r.setOutput("plan",i.text),await r.writeSummary(`### ecr-oidc-push setup

\`\`\`
${i.text}
\`\`\`
`)}export{c as runSetupStep};
