// The values teamsapp.local.yml's provision needs that no action of its own writes, derived as the Agents
// Toolkit's templates derive them with a `script` step (`echo "::set-teamsfx-env NAME=value"`):
//   BOT_DOMAIN         the host of BOT_ENDPOINT (your tunnel): the manifest's validDomains and developer URLs;
//   AAD_APP_CLIENT_ID  the bot's app id (locally there is no separate Entra app; .localConfigs says the same).
// Run by the toolkit with BOT_ENDPOINT and BOT_ID in its environment:
//   BOT_ENDPOINT=https://… BOT_ID=… node scripts/local-env.mjs
const endpoint = process.env.BOT_ENDPOINT ?? '';
let url;
try {
  url = new URL(endpoint);
} catch {
  url = undefined;
}
if (!url || url.protocol !== 'https:') {
  process.stderr.write(
    `BOT_ENDPOINT is ${endpoint ? `"${endpoint}", not an https address` : 'empty'}. Start a tunnel to port 3978 ` +
      '(e.g. `devtunnel host -p 3978 --allow-anonymous`) and put its https address in env/.env.local as BOT_ENDPOINT.\n',
  );
  process.exit(1);
}
process.stdout.write(`::set-teamsfx-env BOT_DOMAIN=${url.host}\n`);
if (process.env.BOT_ID) process.stdout.write(`::set-teamsfx-env AAD_APP_CLIENT_ID=${process.env.BOT_ID}\n`);
