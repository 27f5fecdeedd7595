import{a as o,b as r,c as s}from"./chunk-TZ2OLSP2.js";import{f as e}from"./chunk-GNC3X33E.js";var i=class extends o(r,s,"DescribeRepositories",e){};export{i as a};
