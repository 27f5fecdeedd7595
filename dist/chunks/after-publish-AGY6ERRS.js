import{a}from"./chunk-ESRGQTJV.js";import"./chunk-DT5MCSET.js";export{a as prepareDeploy};
