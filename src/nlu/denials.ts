/**
 * "我不是低保户，能不能申请" (about 危房改造), "我问的是修房子那个！不是低保": a service named only to
 * say it is not the one meant. Not "是不是低保户才能申请" (a question), nor "不是很懂…" (an adverb
 * follows): only what 不是 / 并非 / 非 denies, up to the end of its clause.
 */
const DENIED = /(?<!是)(?:不是|并非|非)(?![很太特别常一般说要我你他她的在因为为了还也都就能会])[^，,。.!！?？；;\s]{1,6}/g;

/** The text without what it denies, for telling which service it is about; the text itself when nothing else is left. */
export function withoutDenials(text: string): string {
  const left = text.replace(DENIED, '，');
  return /[\p{Script=Han}A-Za-z]/u.test(left) ? left : text;
}
