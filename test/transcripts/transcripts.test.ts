import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { loadTranscripts, play, TRANSCRIPT_HOTLINE_SECRET, type Mode } from '../helpers/transcript.ts';

const transcripts = loadTranscripts(path.dirname(fileURLToPath(import.meta.url)));
const clock = fixedClock('2026-11-25T02:00:00Z');

// Each conversation is played twice: through the engine itself and through the web channel.
for (const mode of ['engine', 'web'] as Mode[]) {
  describe(`conversations, through the ${mode === 'engine' ? 'engine' : 'web channel'}`, () => {
    let bot: TestServer;
    beforeAll(async () => {
      bot = await startTestServer({ HOTLINE_SECRET: TRANSCRIPT_HOTLINE_SECRET }, undefined, clock);
    });
    afterAll(async () => {
      await bot.close();
    });

    for (const transcript of transcripts) {
      it(`${transcript.name} (${transcript.file})`, async () => {
        // Thrown rather than compared, so that the whole account of the turn (what the bot said) is shown.
        const problem = await play(bot, clock, transcript, mode);
        if (problem) throw new Error(problem);
        expect(problem).toBeUndefined();
      });
    }
  });
}
