import{a}from"./chunk-4ZOZC3XE.js";import"./chunk-DT5MCSET.js";export{a as prepareDeploy};
