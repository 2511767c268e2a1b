export { type AttackContext, attackContext } from './attack-context.js';
export { ATTACK_VERSION } from './enterprise-data.js';
export { type Tactic, tactic } from './tactic.js';
export { type Technique, technique } from './technique.js';
