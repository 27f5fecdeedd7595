import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);
import{a as e}from"./chunk-EOW7ZSGS.js";import{r as o,s as i}from"./chunk-GFD5SNNK.js";import"./chunk-B2BLTWKG.js";import"./chunk-PXHPEJV5.js";import{e as r}from"./chunk-F4UWYHXC.js";var n=r(e(),1);var f=t=>o(new n.IAMClient(i(t)));export{f as iamClient};
