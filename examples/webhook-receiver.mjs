// A webhook receiver for trying Roster on your own machine: Node's http module and the stock
// `svix` package, nothing else (in this repository `npm ci` installs svix; anywhere else,
// `npm install svix`). It verifies each delivery's signature with WEBHOOK_SECRET, the endpoint's
// whsec_... key, and prints one line per event.
//   WEBHOOK_SECRET=whsec_... node examples/webhook-receiver.mjs
// It listens on 127.0.0.1:3000 (RECEIVER_PORT changes the port); register http://127.0.0.1:3000/ada.
import http from 'node:http';
import { Webhook } from 'svix';

const secret = process.env.WEBHOOK_SECRET ?? '';
if (!secret.startsWith('whsec_')) {
  console.error('Set WEBHOOK_SECRET to the endpoint\'s signing secret, the "whsec_..." key of GET .../secret/.');
  process.exit(1);
}
const verifier = new Webhook(secret);
const port = Number(process.env.RECEIVER_PORT ?? 3000);

http
  .createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      let event;
      try {
        // The raw body, exactly as received: the signature covers its bytes.
        event = verifier.verify(Buffer.concat(chunks).toString('utf8'), req.headers);
      } catch (error) {
        console.log(`rejected ${req.headers['svix-id'] ?? '(no svix-id)'}: ${error.message}`);
        res.writeHead(400).end();
        return;
      }
      // svix-id is the same on every retry of one event: use it to skip duplicates.
      const subject = event.data.conversation_id ?? event.data.end_user_id;
      console.log(`verified ${req.headers['svix-id']} ${event.type} ${subject}`);
      res.writeHead(204).end();
    });
  })
  .listen(port, '127.0.0.1', () => console.log(`receiving webhooks at http://127.0.0.1:${port}/ada`));
