'use strict';
// A real SMTP server for the email sender tests (npm package smtp-server), on 127.0.0.1 only.
//
//   node tests/smtp/server.js --port 0 [--user U --password P] [--reject REGEX] [--defer REGEX] [--out DIR]
//
// --port 0 picks a free port. The first stdout line is {"event":"listening","port":N}. Each accepted message is one
// JSON line {"event":"message","mailFrom":…,"rcptTo":[…],"user":…,"data":"<base64 of the raw RFC 5322 message>"} on
// stdout, or a file <n>.json in --out DIR when given. With --user, AUTH is required and must match; without, any
// AUTH is accepted and it is optional. A recipient matching --reject is refused with 550, one matching --defer with 451.
// STARTTLS is not offered (the tests run the client with UseTls=false, or check that it refuses a server without it).
// The server stops when stdin closes, so a killed test run does not leave it behind.

const fs = require('node:fs');
const path = require('node:path');
const { SMTPServer } = require('smtp-server');

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    if (!name.startsWith('--') || i + 1 >= argv.length) {
      throw new Error(`Expected --name value pairs, got '${name}'`);
    }
    args[name.slice(2)] = argv[i + 1];
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const port = Number(args.port ?? 0);
const reject = args.reject ? new RegExp(args.reject, 'i') : null;
const defer = args.defer ? new RegExp(args.defer, 'i') : null;
const outDir = args.out ?? null;
let received = 0;

function emit(record) {
  const line = JSON.stringify(record);
  if (record.event === 'message' && outDir) {
    fs.mkdirSync(outDir, { recursive: true });
    received += 1;
    fs.writeFileSync(path.join(outDir, `${received}.json`), line);
  } else {
    process.stdout.write(line + '\n');
  }
}

function smtpError(message, code) {
  const error = new Error(message);
  error.responseCode = code;
  return error;
}

const server = new SMTPServer({
  secure: false,
  disabledCommands: ['STARTTLS'],
  authOptional: !args.user,
  allowInsecureAuth: true,
  authMethods: ['PLAIN', 'LOGIN'],
  logger: false,
  onAuth(auth, session, callback) {
    if (args.user && (auth.username !== args.user || auth.password !== args.password)) {
      return callback(smtpError('Invalid username or password', 535));
    }
    return callback(null, { user: auth.username });
  },
  onRcptTo(address, session, callback) {
    if (reject && reject.test(address.address)) {
      return callback(smtpError('Mailbox unavailable', 550));
    }
    if (defer && defer.test(address.address)) {
      return callback(smtpError('Mailbox temporarily unavailable, try again later', 451));
    }
    return callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      emit({
        event: 'message',
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
        user: session.user ?? null,
        data: Buffer.concat(chunks).toString('base64'),
      });
      callback(null, 'Message accepted');
    });
  },
});

server.on('error', (error) => process.stderr.write(`smtp-server error: ${error.message}\n`));
server.listen(port, '127.0.0.1', () => {
  emit({ event: 'listening', port: server.server.address().port });
});

function stop() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
