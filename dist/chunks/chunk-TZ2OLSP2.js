import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);
import{b as n}from"./chunk-GNC3X33E.js";import{l as o,t as m}from"./chunk-VBTBD7X7.js";var s=o(n,"AmazonEC2ContainerRegistry_V20150921","ECRClient",m),C={},d=(t,r,e,i)=>[];export{s as a,C as b,d as c};
