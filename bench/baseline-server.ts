// The benchmark's baseline: a bare restify handler that parses the same activity and answers 200.
import restify from 'restify';

const server = restify.createServer();
server.use(restify.plugins.bodyParser({ mapParams: false }));
server.post('/api/messages', async (req, res) => {
  if (typeof req.body?.type !== 'string') return res.send(400);
  res.send(200);
});
server.get('/healthz', async (_req, res) => res.send(200));
server.listen(Number(process.argv[2]), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
