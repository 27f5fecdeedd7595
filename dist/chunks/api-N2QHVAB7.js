import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);
import{a}from"./chunk-BKKSQGJQ.js";import"./chunk-ODCQ6774.js";import"./chunk-DT5MCSET.js";export{a as githubApi};
