/** "对了忘了说…", "还有…", "补充一下…": a message that adds to what the resident said before. */
export const ADDENDUM = /^(对了|还有|另外|补充一下?|再补充|忘了说|刚才忘了)/;
