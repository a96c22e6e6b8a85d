import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export type SigningAlgorithm = 'RS256' | 'ES256';

/** One signing key of the provider: the private half signs, the public half is published. */
export interface ProviderKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function providerKey(kid: string, alg: SigningAlgorithm): Promise<ProviderKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/**
 * An identity provider's JWKS endpoint, as a real HTTP server on loopback: the keys it publishes
 * can be changed while the service runs (a rotation), it can go down, and it counts its fetches.
 */
export class FakeIdentityProvider {
  readonly issuer = 'http://127.0.0.1/realms/newsroom';
  readonly audience = 'copydesk';
  published: ProviderKey[] = [];
  /** When set, every fetch is answered with this status and no key set. */
  failingWith: number | null = null;
  fetches = 0;
  private server: Server | null = null;
  private port = 0;

  get jwksUrl(): string {
    return `http://127.0.0.1:${this.port}/realms/newsroom/protocol/openid-connect/certs`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.fetches += 1;
      if (this.failingWith !== null) {
        response.writeHead(this.failingWith).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/jwk-set+json' });
      response.end(JSON.stringify({ keys: this.published.map((key) => key.publicJwk) }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** The environment that points Copydesk at this provider; the key set is kept briefly so a removal shows soon. */
  environment(keyCacheMs: number): Record<string, string> {
    return {
      JWT_JWKS_URL: this.jwksUrl,
      JWT_ISSUER: this.issuer,
      JWT_AUDIENCE: this.audience,
      JWT_ROLES_CLAIM: 'realm_access.roles',
      JWT_JWKS_CACHE_MS: String(keyCacheMs),
      JWT_JWKS_COOLDOWN_MS: '0',
    };
  }

  /** A token as Keycloak issues it: realm roles (with Keycloak's own among them) under realm_access. */
  sign(
    key: ProviderKey,
    claims: { sub?: string; name?: string; roles?: string[]; iss?: string; aud?: string; expiresIn?: string } = {},
  ): Promise<string> {
    const { sub = 'kc-eddie', name = 'Eddie Editor', roles = ['editor'], iss = this.issuer, aud = this.audience } = claims;
    return new SignJWT({
      name,
      preferred_username: sub,
      realm_access: { roles: ['offline_access', 'uma_authorization', 'default-roles-newsroom', ...roles] },
    })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .setSubject(sub)
      .setIssuer(iss)
      .setAudience(aud)
      .setIssuedAt()
      .setExpirationTime(claims.expiresIn ?? '5m')
      .sign(key.privateKey);
  }
}
