import{a as m,d as f,g as l}from"./chunk-2U5GQWAZ.js";import"./chunk-ED7I7P2M.js";import"./chunk-7RYDWVI3.js";import"./chunk-DUTYK7OK.js";import"./chunk-C6LHSMAH.js";import"./chunk-TZ2OLSP2.js";import"./chunk-CT45GZE4.js";import"./chunk-T2ENW7HT.js";import"./chunk-4TECPAHV.js";import"./chunk-LJZ5CSTH.js";import"./chunk-GNC3X33E.js";import"./chunk-JXAIVE4R.js";import"./chunk-ALB6LPCU.js";import{a as c}from"./chunk-K27DFM6I.js";import"./chunk-OA432FX5.js";import"./chunk-D5NWAR52.js";import{f as a}from"./chunk-JXAO5T3D.js";import"./chunk-VBTBD7X7.js";import"./chunk-E2CLDJ5R.js";import"./chunk-SIHEHQU3.js";import"./chunk-DT5MCSET.js";async function w(o){let{out:t,env:n}=o,u=o.getInput("github-token").trim(),p=m(n,u);p&&t.mask(p.token);let r=await l({source:{get:o.getInput},repositories:c(o.getInput("repositories")),githubToken:u,runRepository:{githubRepository:o.git.repository,defaultBranch:o.git.defaultBranch,ownerId:n.GITHUB_REPOSITORY_OWNER_ID,repositoryId:n.GITHUB_REPOSITORY_ID}},o,t.info,t.info);if(r.kind==="one"){t.setOutput("role-arn",r.outcome.plan.roleArn),t.setOutput("repository-uri",r.outcome.plan.repositoryUri),t.setOutput("plan",r.outcome.text),await t.writeSummary(`### ecr-oidc-push setup

\`\`\`
${r.outcome.text}
\`\`\`
`);return}let{outcome:e}=r,i=e.results.map(f);for(let s of i)t.info(s);if(t.setOutput("plan",e.text),await t.writeSummary(`### ecr-oidc-push setup, ${e.results.length} repositories

\`\`\`
${e.text}

${i.join(`
`)}
\`\`\`
`),e.failed>0)throw new a(`Setup failed for ${e.failed} of ${e.results.length} repositories (the others were applied; a re-run continues):
${i.filter(s=>s.startsWith("\u2717")).join(`
`)}`)}export{w as run};
