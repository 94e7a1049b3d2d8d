// A standard OpenID Connect provider for the end-to-end tests: panva/oidc-provider, with the accounts of a JSON file
// the test writes (and may rewrite while it runs: every sign-in reads the file again, so a role removed there is gone
// at the next authorization). Interactive login uses the library's own development login form.
//
// Environment: PORT, ISSUER (e.g. http://127.0.0.1:PORT), ACCOUNTS_FILE, CLIENT_ID, REDIRECT_URI, POST_LOGOUT_REDIRECT_URI.
import fs from 'node:fs';
import Provider from 'oidc-provider';

const { PORT, ISSUER, ACCOUNTS_FILE, CLIENT_ID, REDIRECT_URI, POST_LOGOUT_REDIRECT_URI } = process.env;
for (const [name, value] of Object.entries({ PORT, ISSUER, ACCOUNTS_FILE, CLIENT_ID, REDIRECT_URI, POST_LOGOUT_REDIRECT_URI })) {
  if (!value) {
    console.error(`missing ${name}`);
    process.exit(2);
  }
}

const readAccounts = () => JSON.parse(fs.readFileSync(ACCOUNTS_FILE, 'utf8'));

const provider = new Provider(ISSUER, {
  clients: [{
    client_id: CLIENT_ID,
    token_endpoint_auth_method: 'none',
    redirect_uris: [REDIRECT_URI],
    post_logout_redirect_uris: [POST_LOGOUT_REDIRECT_URI],
    response_types: ['code'],
    grant_types: ['authorization_code'],
  }],
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username', 'locale', 'roles'],
    email: ['email'],
  },
  // The dashboard reads the ID token only (no userinfo call), so the scopes' claims go into it.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['end-to-end-tests-only'] },
  async findAccount(ctx, id) {
    const account = readAccounts()[id];
    if (!account) {
      return undefined;
    }
    return { accountId: id, claims: async () => ({ sub: id, ...account }) };
  },
  // First-party client: consent is implied, so prompt=none can answer without an interaction.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) {
        return existing;
      }
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile email');
    await grant.save();
    return grant;
  },
});

provider.on('server_error', (ctx, error) => console.error('server_error', error));
const server = provider.listen(Number(PORT), '127.0.0.1', () => console.log(`oidc-provider listening on ${ISSUER}`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
