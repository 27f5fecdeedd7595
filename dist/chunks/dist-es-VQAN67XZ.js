import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);
import{a,b,c,d,e,f,g}from"./chunk-RFME6TH4.js";import"./chunk-Z6ZSEL2H.js";import"./chunk-JWQHFKR2.js";import"./chunk-Y3LUP7R4.js";export{f as ENV_ACCOUNT_ID,e as ENV_CREDENTIAL_SCOPE,d as ENV_EXPIRATION,a as ENV_KEY,b as ENV_SECRET,c as ENV_SESSION,g as fromEnv};
