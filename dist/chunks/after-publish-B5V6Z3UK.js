import{a}from"./chunk-B4ATQJWC.js";import"./chunk-DT5MCSET.js";export{a as prepareDeploy};
