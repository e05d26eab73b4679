import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// The package root's lib/ has broken ESM imports; the dist bundle works in plain Node.
const AC = require('adaptivecards/dist/adaptivecards.js');

/** Everything wrong with a card, as Teams would see it; an empty list means it is fine. */
export function cardProblems(json: any, knownVerbs: ReadonlySet<string>, options: { dialog?: boolean } = {}): string[] {
  const problems: string[] = [];
  const ctx = new AC.SerializationContext();
  const card = new AC.AdaptiveCard();
  card.parse(json, ctx);
  for (let i = 0; i < ctx.eventCount; i++) problems.push(`parse: ${ctx.getEventAt(i).message}`);
  for (const e of card.validateProperties().validationEvents) problems.push(`validate: ${e.message}`);
  if (json.type !== 'AdaptiveCard') problems.push('not an AdaptiveCard');
  if (Number(json.version) > 1.5) problems.push(`version ${json.version} is above 1.5, which Teams cannot render`);
  const size = Buffer.byteLength(JSON.stringify(json));
  if (size > 28 * 1024) problems.push(`card is ${size} bytes, above the 28 KB Teams allows`);
  const ids: string[] = [];
  const walk = (n: any) => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    if (typeof n.type === 'string' && n.type.startsWith('Input.')) {
      if (!n.id) problems.push(`${n.type} without id`);
      ids.push(n.id);
    }
    if (n.type === 'TextBlock' && !String(n.text ?? '').trim()) problems.push('empty TextBlock');
    if (n.type === 'Action.Execute' && !knownVerbs.has(n.verb))
      problems.push(`Action.Execute with unknown verb ${n.verb}`);
    // Dialogs (task modules) answer with Action.Submit; cards in conversations use Action.Execute.
    if (n.type === 'Action.Submit' && !options.dialog) problems.push('Action.Submit used: cards use Action.Execute');
    if (n.type === 'Action.Submit' && options.dialog && !knownVerbs.has(n.data?.verb))
      problems.push(`Action.Submit with unknown verb ${n.data?.verb}`);
    for (const v of Object.values(n)) if (typeof v === 'object') walk(v);
  };
  walk(json);
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dup.length) problems.push(`duplicate input ids: ${dup.join(', ')}`);
  return problems;
}
