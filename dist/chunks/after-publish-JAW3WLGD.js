import{a}from"./chunk-MTX2RDXC.js";import"./chunk-DT5MCSET.js";export{a as prepareDeploy};
