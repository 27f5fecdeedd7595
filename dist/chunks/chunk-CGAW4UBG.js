import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);
import{b as t,e}from"./chunk-LJZ5CSTH.js";import{l as o,t as m}from"./chunk-VBTBD7X7.js";var r=o(t,"AWSSecurityTokenServiceV20110615","STSClient",m),n={},i=(c,s,a,d)=>[];var p=class extends r(n,i,"GetCallerIdentity",e){};export{r as a,n as b,i as c,p as d};
