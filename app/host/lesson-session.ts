/**
 * One player's lesson on the host: the picture they explore (the article's
 * network with the public test vectors' weights, on one sample; in lesson
 * "rules" two copies of it, one trained by each rule), and the
 * check that ends the lesson, whose numbers the host draws from a seed and
 * whose answer only the host knows. The room (lesson-room.ts) checks each
 * message and sends what these methods return; this module knows nothing
 * of Colyseus.
 */
import {
  ARTICLE_XOR,
  type Network,
  type Rule,
  type StepTrace,
  Trainer,
  constantSchedule,
  loadNestedWeights,
  sampleSetFrom,
} from '../../core/index.js';
import {
  type CheckPrompt,
  type CheckedLessonIntent,
  type ChoiceKey,
  type LessonId,
  type LessonPicture,
  type LessonVerdict,
  type LessonView,
  type NumberKey,
  type NumberLesson,
  type SlopeReading,
  type TrialSpec,
  type RuleComparisonMessage,
  CHECK_KIND,
  compareRules,
  isLiveLesson,
  liveLessonLevel,
  articleNetwork,
  drawNumberCheck,
  gradeChoice,
  gradeNumber,
  openLessons,
  passOf,
  pictureOf,
  readSlope,
  rulesCheck,
  runTrial,
  startError,
} from '../../core/lessons/index.js';
import { traceToMessage } from '../../core/protocol.js';
import type { LessonProgressStore } from './lesson-progress.js';

/** The weights of the public test vectors (shared/vectors): the network every lesson explores. */
export const EXPLORE_WEIGHTS = [
  [
    [0.15, -0.25],
    [0.4, 0.1],
    [-0.3, 0.35],
  ],
  [
    [0.2, -0.5, 0.3],
    [0.45, 0.25, -0.15],
  ],
  [[0.6, -0.4]],
];

/** The explore step's learning rate: large enough that a weight's change shows in two decimals. */
export const EXPLORE_ETA = 2;

const XOR_LIVE = liveLessonLevel('xor');

/**
 * Training runs of the trial checks: starting weights that learn XOR at some η but not at every η.
 * Lesson "xor" is trained live (lesson-train-room.ts); its prompt states the live run's target and budget.
 */
const TRIALS: Record<'eta' | 'xor', { seeds: number[]; target: number; budgets: number[]; pickRule: boolean }> = {
  eta: { seeds: [23], target: 0.03, budgets: [1200, 1500], pickRule: false },
  xor: { seeds: [XOR_LIVE.seed], target: XOR_LIVE.target.error, budgets: [XOR_LIVE.budget], pickRule: true },
};

/** Which rule the explore picture's δ follows, per lesson: the article's, until the lesson that compares them. */
const EXPLORE_RULE: Record<LessonId, Rule> = {
  neuron: 'article',
  data: 'article',
  forward: 'article',
  error: 'article',
  backward: 'article',
  update: 'article',
  eta: 'exact',
  rules: 'article',
  xor: 'exact',
};

/** What the explore picture shows of the network, per lesson (false hides from that neuron number on). */
const EXPLORE_SHOWS: Record<LessonId, { neurons: number; delta: boolean }> = {
  neuron: { neurons: 1, delta: false },
  data: { neurons: 0, delta: false },
  forward: { neurons: 6, delta: false },
  error: { neurons: 6, delta: false },
  backward: { neurons: 6, delta: true },
  update: { neurons: 6, delta: true },
  eta: { neurons: 6, delta: false },
  rules: { neurons: 6, delta: true },
  xor: { neurons: 6, delta: false },
};

type Key =
  | { kind: 'number'; key: NumberKey }
  | { kind: 'choice'; key: ChoiceKey }
  | { kind: 'trial'; spec: TrialSpec; pickRule: boolean };

export type LessonOutcome =
  | { kind: 'view' }
  | { kind: 'verdict'; verdict: LessonVerdict }
  | { kind: 'slope'; reading: SlopeReading }
  | { kind: 'stepped'; trace: StepTrace }
  | { kind: 'compared'; comparison: RuleComparisonMessage }
  | { kind: 'refused'; reason: string };

export class LessonSession {
  lesson: LessonId | null = null;
  private net: Network = articleNetwork();
  /** Lesson "rules": the same network, trained by the exact rule (`net` takes the article's). */
  private exactNet: Network | null = null;
  private eta = EXPLORE_ETA;
  private steps = 0;
  private x: number[] = [1, 0];
  private z: number[] = [1];
  private check: CheckPrompt | null = null;
  private key: Key | null = null;
  private attempts = 0;
  private draws = 0;

  constructor(
    private readonly progress: LessonProgressStore,
    /** Where the check numbers come from; each new check takes the next seed after it. */
    private readonly seed: number,
  ) {}

  apply(intent: CheckedLessonIntent): LessonOutcome {
    if (intent.type === 'open') {
      const open = openLessons(new Set(this.progress.done()));
      if (!open.has(intent.body.lesson)) {
        return { kind: 'refused', reason: 'open: finish the lessons before this one first' };
      }
      this.open(intent.body.lesson);
      return { kind: 'view' };
    }
    if (!this.lesson) return { kind: 'refused', reason: `${intent.type}: open a lesson first` };
    switch (intent.type) {
      case 'setInput':
        this.x = [intent.body.x1, intent.body.x2];
        this.z = [xorTarget(this.x)];
        return { kind: 'view' };
      case 'setWeight': {
        const { layer, to, from, value } = intent.body;
        const sizes = this.net.sizes;
        if (to >= sizes[layer + 1] || from >= sizes[layer]) {
          return { kind: 'refused', reason: `setWeight: the article's network has no weight from neuron ${from} of layer ${layer} to neuron ${to} of layer ${layer + 1}` };
        }
        const k = this.net.weightOffset[layer] + to * sizes[layer] + from;
        this.net.weights[k] = value;
        if (this.exactNet) this.exactNet.weights[k] = value;
        return { kind: 'view' };
      }
      case 'setEta':
        this.eta = intent.body.eta;
        return { kind: 'view' };
      case 'reset':
        this.resetExplore();
        return { kind: 'view' };
      case 'step': {
        this.steps++;
        if (this.exactNet) {
          const c = compareRules(this.net, this.exactNet, this.x, this.z, this.eta);
          return { kind: 'compared', comparison: { article: traceToMessage(c.article), exact: traceToMessage(c.exact), rows: c.rows } };
        }
        const trainer = new Trainer({
          network: this.net,
          samples: sampleSetFrom([{ x: this.x, z: this.z }]),
          rule: EXPLORE_RULE[this.lesson],
          schedule: constantSchedule(this.eta),
        });
        return { kind: 'stepped', trace: trainer.stepTraced() };
      }
      case 'nudge': {
        const { layer, to, from } = intent.body;
        const sizes = this.net.sizes;
        if (to >= sizes[layer + 1] || from >= sizes[layer]) return { kind: 'refused', reason: 'nudge: the article\'s network has no such weight' };
        return { kind: 'slope', reading: readSlope(this.net, this.x, this.z, this.net.weightOffset[layer] + to * sizes[layer] + from) };
      }
      case 'newCheck':
        this.draw();
        return { kind: 'view' };
      case 'answer': {
        if (this.key?.kind !== 'number') return { kind: 'refused', reason: 'answer: this lesson’s check is not a number to type' };
        const v = gradeNumber(this.key.key, intent.body.value);
        return this.verdict(v.correct ? { correct: true, hint: null, answer: this.key.key.answer } : { correct: false, hint: v.hint });
      }
      case 'choose': {
        if (this.key?.kind !== 'choice') return { kind: 'refused', reason: 'choose: this lesson’s check has no options to pick' };
        const v = gradeChoice(this.key.key, intent.body.answers);
        return this.verdict(v.correct ? { correct: true, hint: null } : { correct: false, hint: v.hint });
      }
      case 'trial': {
        if (this.key?.kind !== 'trial') return { kind: 'refused', reason: 'trial: this lesson’s check is not a training run' };
        if (isLiveLesson(this.lesson)) return { kind: 'refused', reason: 'trial: this lesson is trained live; open its training and press Play' };
        const spec = { ...this.key.spec, rule: this.key.pickRule ? (intent.body.rule ?? 'exact') : this.key.spec.rule };
        const result = runTrial(spec, intent.body.schedule);
        if (result.reached) return this.verdict({ correct: true, hint: null, trial: result });
        const key = result.diverged ? 'hint.trial.diverged' : stalledEarly(result.curve) ? 'hint.trial.stuck' : 'hint.trial.slow';
        return this.verdict({ correct: false, hint: { key, formula: "w' = w + η·δ·df(e)/de·input", parts: [] }, trial: result });
      }
    }
  }

  private verdict(v: LessonVerdict): LessonOutcome {
    if (v.correct && this.lesson) this.progress.markDone(this.lesson);
    else this.attempts++;
    return { kind: 'verdict', verdict: v };
  }

  private open(lesson: LessonId): void {
    this.lesson = lesson;
    this.eta = EXPLORE_ETA;
    this.resetExplore();
    this.draw();
  }

  /** The picture to explore at its starting weights, on its starting sample. */
  private resetExplore(): void {
    this.net = articleNetwork();
    loadNestedWeights(this.net, EXPLORE_WEIGHTS);
    this.exactNet = null;
    if (this.lesson === 'rules') {
      this.exactNet = articleNetwork();
      loadNestedWeights(this.exactNet, EXPLORE_WEIGHTS);
    }
    this.steps = 0;
    this.x = [...ARTICLE_XOR[2].x];
    this.z = [...ARTICLE_XOR[2].z];
  }

  /** A fresh check for the open lesson. */
  private draw(): void {
    const lesson = this.lesson!;
    const seed = this.seed + this.draws++;
    this.attempts = 0;
    const kind = CHECK_KIND[lesson];
    if (kind === 'number') {
      const drawn = drawNumberCheck(lesson as NumberLesson, seed);
      this.check = drawn.prompt;
      this.key = { kind: 'number', key: drawn.key };
    } else if (kind === 'choice') {
      const drawn = rulesCheck();
      this.check = drawn.prompt;
      this.key = { kind: 'choice', key: drawn.key };
    } else {
      const t = TRIALS[lesson as 'eta' | 'xor'];
      const spec: TrialSpec = {
        seed: t.seeds[seed % t.seeds.length],
        target: t.target,
        budget: t.budgets[Math.floor(seed / t.seeds.length) % t.budgets.length],
        rule: 'exact',
      };
      this.check = { kind: 'trial', lesson, target: spec.target, budget: spec.budget, startError: startError(spec), pickRule: t.pickRule };
      this.key = { kind: 'trial', spec, pickRule: t.pickRule };
    }
  }

  /** The explore picture: every value the lesson is about so far, the rest blank. */
  private picture(net: Network = this.net, rule: Rule = EXPLORE_RULE[this.lesson!]): LessonPicture {
    const lesson = this.lesson!;
    const shows = EXPLORE_SHOWS[lesson];
    const pic = pictureOf(net, passOf(net, this.x, this.z, rule), this.z, rule, shows.delta);
    const inputs = this.net.sizes[0];
    const hide = <T>(arr: T[], blank: T) => arr.map((v, k) => (k >= inputs && k - inputs + 1 > shows.neurons ? blank : v));
    return { ...pic, e: hide(pic.e, false), y: hide(pic.y, false), delta: hide(pic.delta, false) };
  }

  view(): LessonView {
    const lesson = this.lesson!;
    const done = this.progress.done();
    return {
      lesson,
      explore: this.picture(),
      exploreExact: this.exactNet ? this.picture(this.exactNet, 'exact') : null,
      steps: this.steps,
      eta: this.eta,
      check: this.check!,
      attempts: this.attempts,
      passed: done.includes(lesson),
      done,
    };
  }
}

/** The article's target for inputs that are 0 or 1: 1 when exactly one is 1 (else the nearer corner's). */
function xorTarget(x: readonly number[]): number {
  return Math.round(x[0]) !== Math.round(x[1]) ? 1 : 0;
}

/** Whether the error stopped falling early in the run (a plateau, not slowness). */
function stalledEarly(curve: readonly { step: number; error: number }[]): boolean {
  const half = curve[Math.floor(curve.length / 2)].error;
  const last = curve[curve.length - 1].error;
  return half - last < 0.002;
}
