// Main-thread side of encrypt_worker.js: one Worker, requests matched to answers by id.
//   const encrypter = new BallotEncrypter();  // starts the Worker (and libsodium) at once
//   encrypter.prepare({election, key, token, officials, levels});  // while the delegate reads
//   const {ballot, nonces, short_code} = await encrypter.encrypt({election, key, token, choices, levels});
// A failed encryption rejects with an Error whose name is the crypto error's class name.
export class BallotEncrypter {
  constructor(url = new URL('./encrypt_worker.js', import.meta.url)) {
    this.worker = new Worker(url, { type: 'module' });
    this.pending = new Map();
    this.next = 1;
    this.worker.addEventListener('message', (event) => this.settle(event.data));
    this.worker.addEventListener('error', (event) => {
      const error = new Error(`encryption worker failed: ${event.message ?? 'could not load'}`);
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    });
  }

  settle(answer) {
    const entry = this.pending.get(answer.id);
    if (!entry) return;
    this.pending.delete(answer.id);
    if (answer.ok) {
      entry.resolve(answer);
    } else {
      const error = new Error(answer.message);
      error.name = answer.error;
      entry.reject(error);
    }
  }

  /** The card's public credential X in hex: {election, token} in hex. */
  credential(request) {
    return this.send({ ...request, type: 'credential' });
  }

  /** Start the work that does not depend on the marks: {election, key, token} in hex, officials, levels. */
  prepare(request) {
    return this.send({ ...request, type: 'prepare' });
  }

  /** Encrypt one ballot: {election, key, token} in hex, choices (level | null), levels. */
  encrypt(request) {
    return this.send({ ...request, type: 'encrypt' });
  }

  send(message) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  terminate() {
    this.worker.terminate();
  }
}
