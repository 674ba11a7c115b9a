import qrcodeTerminal from 'qrcode-terminal';
import { qrcodeValueToImageUrl } from 'wechaty';

/** Writes the login QR code somewhere a person with the bot's phone can scan it. */
export type QrPrinter = (drawing: string) => void;

/** Prints to the terminal the server runs in (the default). */
export const printToTerminal: QrPrinter = (drawing) => process.stdout.write(`${drawing}\n`);

/**
 * Shows the login QR code: drawn in the terminal (qrcode-terminal), and returned as an image URL
 * that staff can open on another device when the terminal is out of reach. Returns the URL.
 */
export function showLoginQr(qrcode: string, print: QrPrinter): string {
  qrcodeTerminal.generate(qrcode, { small: true }, (drawing) => print(drawing));
  return qrcodeValueToImageUrl(qrcode);
}
