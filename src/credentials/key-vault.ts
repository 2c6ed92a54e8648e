import {createCipheriv, createDecipheriv, hkdfSync, randomBytes} from 'node:crypto';

/** A secret sealed with AES-256-GCM under a key derived from the master secret. */
export interface SealedSecret {
  alg: 'A256GCM';
  iv: string;
  tag: string;
  ciphertext: string;
}

/** Encrypts private key material at rest; the master secret never leaves this object. */
export class KeyVault {
  readonly #key: Buffer;

  constructor(masterSecret: Buffer) {
    this.#key = Buffer.from(hkdfSync('sha256', masterSecret, 'hallmark', 'private-keys-at-rest/v1', 32));
  }

  seal(plaintext: string, associatedData: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    // Binding the key's owner as associated data stops a sealed key being moved to another issuer.
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {alg: 'A256GCM', iv: iv.toString('base64url'), tag: cipher.getAuthTag().toString('base64url'), ciphertext: ciphertext.toString('base64url')};
  }

  open(sealed: SealedSecret, associatedData: string): string {
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(sealed.iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}
