// jose's side of NodeJoseInteropTest: reads a JSON array of requests on standard input and writes
// a JSON array of results, one per request, on standard output.
//   {"op":"decrypt","token":...,"key":<base64url>,"enc":...,"now":<epoch seconds>}
//     -> {"header":{...},"claims":{...}}, as jose's JWT decryption reads them
//   {"op":"encrypt","header":{...},"payload":<JSON text>,"key":<base64url>}
//     -> {"token":...}, a compact JWE with that protected header, members in the given order
// A request that jose refuses gives {"error":<jose's error code>}.
import { CompactEncrypt, base64url, jwtDecrypt } from 'jose';

async function run(request) {
  const key = base64url.decode(request.key);
  switch (request.op) {
    case 'decrypt': {
      const { payload, protectedHeader } = await jwtDecrypt(request.token, key, {
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: [request.enc],
        typ: 'session+jwe',
        currentDate: new Date(request.now * 1000),
      });
      return { header: protectedHeader, claims: payload };
    }
    case 'encrypt': {
      const token = await new CompactEncrypt(new TextEncoder().encode(request.payload))
        .setProtectedHeader(request.header)
        .encrypt(key);
      return { token };
    }
    default:
      throw new Error(`unknown op ${request.op}`);
  }
}

let input = '';
for await (const chunk of process.stdin) {
  input += chunk;
}
const results = [];
for (const request of JSON.parse(input)) {
  try {
    results.push(await run(request));
  } catch (e) {
    if (!e.code) {
      throw e;
    }
    results.push({ error: e.code });
  }
}
process.stdout.write(JSON.stringify(results));
