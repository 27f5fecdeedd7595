import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);
import{a as g,d as I,e as S,f as y,g as O,h as d,j as E}from"./chunk-3HG3EXJD.js";import"./chunk-IDV7SE6P.js";import"./chunk-PSYKCTYF.js";import"./chunk-G4QF6DYS.js";import"./chunk-B6R55GE2.js";import"./chunk-FAXIADBL.js";import"./chunk-73LXB6HC.js";import"./chunk-CC6VQP72.js";import{b as h}from"./chunk-DKELN73E.js";import"./chunk-TM7AOJEE.js";import"./chunk-JOSM7UO4.js";import{a as w}from"./chunk-ODCQ6774.js";import"./chunk-ZUV5LTRO.js";import"./chunk-EHRTGGGG.js";import"./chunk-AFP5RQDW.js";import"./chunk-SDUFMKJ2.js";import"./chunk-AF52FFOA.js";import"./chunk-Y3LUP7R4.js";import"./chunk-DT5MCSET.js";async function T(i){let{out:t,env:u}=i,n=h(i.getInput("repositories")),s=g(u,i.getInput("github-token").trim());s&&t.mask(s.token);let a=s&&(await import("./api-N2QHVAB7.js")).githubApi(s),f=async e=>({iam:await i.iam(e),ecr:await i.ecr(e),sts:await i.sts(e),ecs:await i.ecs(e),...a?{github:a}:{}});if(n.length>0){let e=a?await y(a,n):new Map,l=E({get:i.getInput},n,r=>e.get(r)),o=await I(l,await f(l[0].region),t.info,t.info),c=o.results.map(S);for(let r of c)t.info(r);if(t.setOutput("plan",o.text),await t.writeSummary(`### ecr-oidc-push setup, ${n.length} repositories

\`\`\`
${o.text}

${c.join(`
`)}
\`\`\`
`),o.failed>0)throw new w(`Setup failed for ${o.failed} of ${o.results.length} repositories (the others were applied; a re-run continues):
${c.filter(r=>r.startsWith("\u2717")).join(`
`)}`);return}let m=d({get:i.getInput,githubRepository:i.git.repository,defaultBranch:i.git.defaultBranch,ownerId:u.GITHUB_REPOSITORY_OWNER_ID,repositoryId:u.GITHUB_REPOSITORY_ID}),p=await O(m,await f(m.region),t.info,t.info);t.setOutput("role-arn",p.plan.roleArn),t.setOutput("repository-uri",p.plan.repositoryUri),t.setOutput("plan",p.text),await t.writeSummary(`### ecr-oidc-push setup

\`\`\`
${p.text}
\`\`\`
`)}export{T as runSetupStep};
