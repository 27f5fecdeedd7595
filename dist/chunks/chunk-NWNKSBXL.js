var r={registry:"registry",builder:"builder"};export{r as a};
