import{a}from"./chunk-OEFNFV2Z.js";import"./chunk-DT5MCSET.js";export{a as prepareDeploy};
