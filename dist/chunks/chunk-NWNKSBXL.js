import { createRequire as __ecrOidcPushRequire } from 'node:module'; const require = __ecrOidcPushRequire(import.meta.url);
var r={registry:"registry",builder:"builder"};export{r as a};
