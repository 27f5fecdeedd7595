import{a}from"./chunk-T6NV23JF.js";import"./chunk-DT5MCSET.js";export{a as prepareDeploy};
