import{a as l,d as h,g as d}from"./chunk-4WZXVFVY.js";import"./chunk-ED7I7P2M.js";import"./chunk-7RYDWVI3.js";import"./chunk-DUTYK7OK.js";import"./chunk-C6LHSMAH.js";import"./chunk-TZ2OLSP2.js";import"./chunk-CT45GZE4.js";import"./chunk-T2ENW7HT.js";import"./chunk-4TECPAHV.js";import"./chunk-LJZ5CSTH.js";import"./chunk-GNC3X33E.js";import"./chunk-XD4FLV5C.js";import"./chunk-KQASWPKW.js";import{a as f}from"./chunk-K27DFM6I.js";import"./chunk-OA432FX5.js";import"./chunk-D5NWAR52.js";import{f as m,g as c}from"./chunk-JXAO5T3D.js";import"./chunk-VBTBD7X7.js";import"./chunk-E2CLDJ5R.js";import"./chunk-SIHEHQU3.js";import"./chunk-DT5MCSET.js";async function O(e){let{out:t,env:n}=e,i=e.getInput("emit").trim();if(i)throw new c([`Input \`emit\` (${i}) is the CLI's: the action's \`mode: setup\` applies. To write the code instead, run \`npx ecr-oidc-push setup --emit ${i==="cloudformation"?i:"terraform"} \u2026\` with the same inputs as flags.`]);let p=e.getInput("github-token").trim(),a=l(n,p);a&&t.mask(a.token);let o=await d({source:{get:e.getInput},repositories:f(e.getInput("repositories")),githubToken:p,runRepository:{githubRepository:e.git.repository,defaultBranch:e.git.defaultBranch,ownerId:n.GITHUB_REPOSITORY_OWNER_ID,repositoryId:n.GITHUB_REPOSITORY_ID}},e,t.info,t.info);if(o.kind==="one"){t.setOutput("role-arn",o.outcome.plan.roleArn),t.setOutput("repository-uri",o.outcome.plan.repositoryUri),t.setOutput("plan",o.outcome.text),await t.writeSummary(`### ecr-oidc-push setup

\`\`\`
${o.outcome.text}
\`\`\`
`);return}if(o.kind==="emitted")throw new Error("the action never asks setup to emit code");let{outcome:r}=o,s=r.results.map(h);for(let u of s)t.info(u);if(t.setOutput("plan",r.text),await t.writeSummary(`### ecr-oidc-push setup, ${r.results.length} repositories

\`\`\`
${r.text}

${s.join(`
`)}
\`\`\`
`),r.failed>0)throw new m(`Setup failed for ${r.failed} of ${r.results.length} repositories (the others were applied; a re-run continues):
${s.filter(u=>u.startsWith("\u2717")).join(`
`)}`)}export{O as run};
