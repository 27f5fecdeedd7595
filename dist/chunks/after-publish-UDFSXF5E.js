import{a}from"./chunk-UWGINXFJ.js";import"./chunk-DT5MCSET.js";export{a as prepareDeploy};
