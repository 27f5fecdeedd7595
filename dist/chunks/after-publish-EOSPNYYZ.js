import{a}from"./chunk-5ECY2ULU.js";import"./chunk-DT5MCSET.js";export{a as prepareDeploy};
