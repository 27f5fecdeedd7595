import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);
import{c as m,d as w,e as h,f as I,h as S}from"./chunk-CI2EFC5O.js";import"./chunk-SJ2CTC3L.js";import"./chunk-BY3IHTCY.js";import"./chunk-2BYBK4CZ.js";import"./chunk-JCEXEVC3.js";import"./chunk-AEVLNIKH.js";import"./chunk-5BOAKZCB.js";import"./chunk-VUMHHIWT.js";import{b as f}from"./chunk-DKELN73E.js";import"./chunk-TM7AOJEE.js";import"./chunk-JOSM7UO4.js";import{a as l}from"./chunk-ZRTF7USI.js";import"./chunk-ZUV5LTRO.js";import"./chunk-RFME6TH4.js";import"./chunk-6LOWG3PN.js";import"./chunk-Z6ZSEL2H.js";import"./chunk-JWQHFKR2.js";import"./chunk-Y3LUP7R4.js";async function $(t){let{out:r,env:p}=t,o=f(t.getInput("repositories")),u=async e=>({iam:await t.iam(e),ecr:await t.ecr(e),sts:await t.sts(e),ecs:await t.ecs(e)});if(o.length>0){let e=S({get:t.getInput,defaultBranch:t.git.defaultBranch},o),i=await m(e,await u(e[0].region),r.info,r.info),s=i.results.map(w);for(let a of s)r.info(a);if(r.setOutput("plan",i.text),await r.writeSummary(`### ecr-oidc-push setup, ${o.length} repositories

\`\`\`
${i.text}

${s.join(`
`)}
\`\`\`
`),i.failed>0)throw new l(`Setup failed for ${i.failed} of ${i.results.length} repositories (the others were applied; a re-run continues):
${s.filter(a=>a.startsWith("\u2717")).join(`
`)}`);return}let c=I({get:t.getInput,githubRepository:t.git.repository,defaultBranch:t.git.defaultBranch,ownerId:p.GITHUB_REPOSITORY_OWNER_ID,repositoryId:p.GITHUB_REPOSITORY_ID}),n=await h(c,await u(c.region),r.info,r.info);r.setOutput("role-arn",n.plan.roleArn),r.setOutput("repository-uri",n.plan.repositoryUri),r.setOutput("plan",n.text),await r.writeSummary(`### ecr-oidc-push setup

\`\`\`
${n.text}
\`\`\`
`)}export{$ as runSetupStep};
