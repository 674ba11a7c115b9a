/**
 * Types for qrcode-terminal (it ships none): the login QR code is drawn in the terminal so that
 * staff can scan it with the bot's phone.
 */
declare module 'qrcode-terminal' {
  interface GenerateOptions {
    /** Half-height blocks: a QR code that fits a small terminal. */
    small?: boolean;
  }
  const qrcode: {
    generate(text: string, options?: GenerateOptions, callback?: (drawing: string) => void): void;
    setErrorLevel(level: 'L' | 'M' | 'Q' | 'H'): void;
  };
  export default qrcode;
}
