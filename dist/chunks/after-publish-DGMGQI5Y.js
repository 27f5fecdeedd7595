import{a}from"./chunk-E6MWFYXV.js";import"./chunk-DT5MCSET.js";export{a as prepareDeploy};
