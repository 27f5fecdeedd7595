import{a}from"./chunk-ZMPI3REC.js";import"./chunk-DT5MCSET.js";export{a as prepareDeploy};
