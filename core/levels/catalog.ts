/**
 * The game's levels, in the order they open. Each teaches one thing:
 *
 *   1  first-steps      the loop: press Play and watch the error fall
 *   2  choose-eta       too small an η runs out of steps, too large gets stuck
 *   3  too-large        too large an η diverges
 *   4  decay            the article's first way: start large, lower gradually
 *   5  warmup           the article's second way: start small, raise, lower
 *   6  by-hand          no training: set the article's weights by hand
 *   7  xor-cloud        XOR from noisy samples, on a network with biases
 *   8  article-rule     the article's rule against the exact one
 *   9  circles          training only: the weights are locked
 *   10 test-error       the target is the error on samples never trained on
 *   11 against-the-clock  a budget so tight only a schedule wins
 *   12 deep-circles     two hidden layers of eight, minibatches of eight
 *
 * Every level's solution is a test (test/core/levels.test.ts), and so is
 * the check that, after level 1, the level's own settings do not win.
 */
import { ARTICLE_DATASET, type DatasetSpec } from '../dataset.js';
import { type Level, FREE_RULES, levelSchema } from './level.js';

/** The article's network as the sandbox starts it: 2-3-2-1, sigmoid, no bias, online. */
const ARTICLE_NET: Level['network'] = {
  hidden: [3, 2],
  activation: 'sigmoid',
  outputActivation: 'sigmoid',
  bias: false,
  rule: 'exact',
  batch: 1,
};
/** The sandbox's seed for the article's network: its weights learn XOR. */
const ARTICLE_SEED = 5;

/** The weights of the article's figures, flat: w(x1)1 w(x2)1 … w(x2)3, w14 w24 w34, w15 w25 w35, w46 w56. */
export const ARTICLE_FIGURE_WEIGHTS: readonly number[] = [0.15, -0.25, 0.4, 0.1, -0.3, 0.35, 0.2, -0.5, 0.3, 0.45, 0.25, -0.15, 0.6, -0.4];

const CURVE_NET: Level['network'] = { hidden: [4], activation: 'tanh', outputActivation: 'linear', bias: true, rule: 'exact', batch: 1 };
const CURVE: DatasetSpec = { kind: 'regression', count: 40, noise: 0, testShare: 0, seed: 3 };
const SMALL_NET: Level['network'] = { hidden: [4], activation: 'tanh', outputActivation: 'sigmoid', bias: true, rule: 'exact', batch: 1 };

const LEVELS_DATA: Level[] = [
  {
    id: 'first-steps',
    network: ARTICLE_NET,
    dataset: ARTICLE_DATASET,
    seed: ARTICLE_SEED,
    schedule: { kind: 'constant', eta: 1 },
    speed: 1000,
    target: { error: 0.05, on: 'train' },
    budget: 6000,
    rules: FREE_RULES,
    stars: { by: 'steps', three: 4500, two: 5500 },
    text: {
      en: {
        title: 'First steps',
        goal: 'Bring the error of the article’s network down to the target. Press Play and watch.',
        hint: 'Each step runs forward, finds the error δ, sends it back and moves every weight a little.',
      },
      ja: {
        title: 'はじめの一歩',
        goal: '記事のネットワークの誤差を目標まで下げよう。「再生」を押して見てみよう。',
        hint: '1ステップごとに順伝播で誤差δを求め、逆伝播ですべての重みを少しずつ動かします。',
      },
    },
  },
  {
    id: 'choose-eta',
    network: ARTICLE_NET,
    dataset: ARTICLE_DATASET,
    seed: ARTICLE_SEED,
    schedule: { kind: 'constant', eta: 0.05 },
    speed: 1000,
    target: { error: 0.05, on: 'train' },
    budget: 3500,
    rules: { ...FREE_RULES, scheduleChanges: false, handEdits: false },
    stars: { by: 'steps', three: 2800, two: 3200 },
    text: {
      en: {
        title: 'Choose η',
        goal: 'Same network, fewer steps. Pick a learning rate that gets there in time.',
        hint: 'Too small an η runs out of steps; too large an η jumps over the valley and gets stuck.',
      },
      ja: {
        title: 'ηを選ぶ',
        goal: '同じネットワークを、より少ないステップで。間に合う学習率を選ぼう。',
        hint: 'ηが小さすぎるとステップが足りず、大きすぎると谷を飛び越えて抜け出せなくなります。',
      },
    },
  },
  {
    id: 'too-large',
    network: CURVE_NET,
    dataset: CURVE,
    seed: 2,
    schedule: { kind: 'constant', eta: 2 },
    speed: 500,
    target: { error: 0.005, on: 'train' },
    budget: 1500,
    rules: { ...FREE_RULES, scheduleChanges: false },
    stars: { by: 'steps', three: 1000, two: 1200 },
    text: {
      en: {
        title: 'Too large',
        goal: 'Fit the curve. At this η the numbers blow up: find one that stays finite and still arrives in time.',
        hint: 'With a linear output nothing holds the error in bounds; each step may overshoot more than the last.',
      },
      ja: {
        title: '大きすぎるη',
        goal: '曲線に合わせよう。このηでは値が発散する。発散せず、しかも間に合うηを探そう。',
        hint: '出力が線形だと誤差を抑えるものがなく、一歩ごとに行き過ぎが大きくなることがあります。',
      },
    },
  },
  {
    id: 'decay',
    network: ARTICLE_NET,
    dataset: ARTICLE_DATASET,
    seed: ARTICLE_SEED,
    schedule: { kind: 'decay', start: 4, end: 0.05, halfLife: 300 },
    speed: 1000,
    target: { error: 0.01, on: 'train' },
    budget: 6000,
    rules: { ...FREE_RULES, eta: { kind: 'fixed' } },
    stars: { by: 'steps', three: 4300, two: 5000 },
    text: {
      en: {
        title: 'Start large, then lower',
        goal: 'The article’s first way: η starts at 4 and decays. Tune the decay so the error reaches the target.',
        hint: 'η = 4 for ever gets stuck; sinking to 0.05 crawls. Where should η settle, and how soon?',
      },
      ja: {
        title: '大きく始めて下げる',
        goal: '記事の一つ目の方法：ηは4から始まり減衰する。減衰を調整して誤差を目標まで下げよう。',
        hint: 'ずっと4のままでは行き詰まり、0.05まで下がると遅すぎます。ηはどこに、どのくらいで落ち着くべき？',
      },
    },
  },
  {
    id: 'warmup',
    network: CURVE_NET,
    dataset: CURVE,
    seed: 2,
    schedule: { kind: 'constant', eta: 2 },
    speed: 500,
    target: { error: 0.008, on: 'train' },
    budget: 2000,
    rules: { ...FREE_RULES, eta: { kind: 'fixed' } },
    stars: { by: 'steps', three: 1200, two: 1600 },
    text: {
      en: {
        title: 'Warm up',
        goal: 'The article’s second way. η must peak at 2, which diverges from the start: change how it gets there.',
        hint: 'Start small while the weights are raw, raise η once they have settled, and lower it again at the end.',
      },
      ja: {
        title: 'ウォームアップ',
        goal: '記事の二つ目の方法。ηの最大は2で、最初から2だと発散する。そこへの上げ方を変えよう。',
        hint: '重みが整わないうちは小さく始め、落ち着いたらηを上げ、最後にまた下げます。',
      },
    },
  },
  {
    id: 'by-hand',
    network: ARTICLE_NET,
    dataset: ARTICLE_DATASET,
    seed: ARTICLE_SEED,
    weights: [...ARTICLE_FIGURE_WEIGHTS],
    schedule: { kind: 'constant', eta: 0.5 },
    target: { error: 0.1, on: 'train' },
    budget: 1,
    rules: { ...FREE_RULES, training: false, scheduleChanges: false, eta: { kind: 'fixed' } },
    stars: { by: 'error', three: 0.065, two: 0.085 },
    text: {
      en: {
        title: 'By hand',
        goal: 'No training here. Set the weights of the article’s network yourself until its error is at the target.',
        hint: 'Make a first-layer neuron answer x1 but not x2 (a large and a negative weight), and build from there.',
      },
      ja: {
        title: '手で合わせる',
        goal: 'ここでは学習しない。記事のネットワークの重みを自分で設定し、誤差を目標まで下げよう。',
        hint: '第1層のニューロンを「x1には反応しx2には反応しない」ように（大きい重みと負の重み）して、そこから組み立てよう。',
      },
    },
  },
  {
    id: 'xor-cloud',
    network: SMALL_NET,
    dataset: { kind: 'xor', count: 80, noise: 0.4, testShare: 0.25, seed: 6 },
    seed: 3,
    schedule: { kind: 'constant', eta: 0.03 },
    speed: 500,
    target: { error: 0.01, on: 'train' },
    budget: 1500,
    rules: FREE_RULES,
    stars: { by: 'steps', three: 500, two: 1000 },
    text: {
      en: {
        title: 'XOR in a cloud',
        goal: 'XOR again, from noisy points, on a network with biases. Reach the target within the budget.',
        hint: 'Biases give every neuron a threshold of its own, so fewer neurons do more.',
      },
      ja: {
        title: '雲の中のXOR',
        goal: 'ノイズのある点でもう一度XOR。バイアスのあるネットワークで、予算内に目標へ。',
        hint: 'バイアスは各ニューロンに自分のしきい値を与えるので、少ないニューロンで多くのことができます。',
      },
    },
  },
  {
    id: 'article-rule',
    network: { ...ARTICLE_NET, rule: 'article' },
    dataset: ARTICLE_DATASET,
    seed: ARTICLE_SEED,
    schedule: { kind: 'constant', eta: 0.5 },
    speed: 1000,
    target: { error: 0.05, on: 'train' },
    budget: 4000,
    rules: { ...FREE_RULES, ruleChoice: true },
    stars: { by: 'steps', three: 3000, two: 3500 },
    text: {
      en: {
        title: 'The article’s rule',
        goal: 'The article sends δ back without the derivative. Try it, then try the exact rule, and reach the target.',
        hint: 'The rule is chosen before the first step: press Retry to choose again.',
      },
      ja: {
        title: '記事の規則',
        goal: '記事は微分を掛けずにδを逆に送る。それを試し、次に正確な規則も試して目標へ。',
        hint: '規則は最初のステップの前に選びます。選び直すには「やり直す」を押します。',
      },
    },
  },
  {
    id: 'circles',
    network: SMALL_NET,
    dataset: { kind: 'circles', count: 120, noise: 0.1, testShare: 0.25, seed: 4 },
    seed: 3,
    schedule: { kind: 'constant', eta: 0.1 },
    speed: 500,
    target: { error: 0.02, on: 'train' },
    budget: 2000,
    rules: { ...FREE_RULES, handEdits: false },
    stars: { by: 'steps', three: 1400, two: 1700 },
    text: {
      en: {
        title: 'Circles',
        goal: 'Separate the inner circle from the ring. The weights are locked: η is all you steer.',
        hint: 'Watch the map under the chart: the boundary has to bend all the way round.',
      },
      ja: {
        title: '円',
        goal: '内側の円と外側の輪を分けよう。重みは固定。操れるのはηだけ。',
        hint: 'グラフの下の地図を見よう。境界がぐるりと一周曲がる必要があります。',
      },
    },
  },
  {
    id: 'test-error',
    network: { ...SMALL_NET, hidden: [3] },
    dataset: { kind: 'gaussians', count: 100, noise: 0.3, testShare: 0.3, seed: 2 },
    seed: 1,
    schedule: { kind: 'constant', eta: 0.03 },
    speed: 200,
    target: { error: 0.005, on: 'test' },
    budget: 400,
    rules: FREE_RULES,
    stars: { by: 'steps', three: 100, two: 200 },
    text: {
      en: {
        title: 'Never seen',
        goal: 'The target is the error on test samples the network never trains on. Reach it in 400 steps.',
        hint: 'A network that learns the rule, not the points, does well on points it has not seen.',
      },
      ja: {
        title: '見たことのない点',
        goal: '目標は、学習に使わないテスト用の点での誤差。400ステップ以内に達成しよう。',
        hint: '点そのものではなく規則を学んだネットワークは、見たことのない点でもうまくいきます。',
      },
    },
  },
  {
    id: 'against-the-clock',
    network: ARTICLE_NET,
    dataset: ARTICLE_DATASET,
    seed: ARTICLE_SEED,
    schedule: { kind: 'constant', eta: 4 },
    speed: 1000,
    target: { error: 0.01, on: 'train' },
    budget: 4500,
    rules: { ...FREE_RULES, eta: { kind: 'fixed' } },
    stars: { by: 'steps', three: 4300, two: 4400 },
    text: {
      en: {
        title: 'Against the clock',
        goal: 'η is fixed at 4, where a constant η gets stuck. The budget is tight: only a schedule gets there.',
        hint: 'Keep the large η while it helps, then let it fall.',
      },
      ja: {
        title: '時間との勝負',
        goal: 'ηは4に固定。一定のままでは行き詰まる。予算は厳しく、スケジュールだけが間に合う。',
        hint: '大きなηは役に立つうちだけ使い、そのあと下げよう。',
      },
    },
  },
  {
    id: 'deep-circles',
    network: { ...SMALL_NET, hidden: [8, 8], batch: 8 },
    dataset: { kind: 'circles', count: 160, noise: 0.2, testShare: 0.25, seed: 7 },
    seed: 4,
    schedule: { kind: 'constant', eta: 0.3 },
    speed: 500,
    target: { error: 0.01, on: 'test' },
    budget: 2000,
    rules: FREE_RULES,
    stars: { by: 'steps', three: 1500, two: 1800 },
    text: {
      en: {
        title: 'Deeper',
        goal: 'Two hidden layers of eight, weights moved once every eight samples. Reach the test target.',
        hint: 'A minibatch averages eight changes into one: each move is calmer, so η can be larger.',
      },
      ja: {
        title: 'もっと深く',
        goal: '8個の隠れ層が2つ、重みは8サンプルごとに1回動く。テストの目標に達しよう。',
        hint: 'ミニバッチは8つの変化を平均して1回にする。一回の動きが穏やかなので、ηを大きくできます。',
      },
    },
  },
];

/** The levels, checked against the schema once when the module loads. */
export const LEVELS: readonly Level[] = LEVELS_DATA.map((l) => levelSchema.parse(l));

export function levelById(id: string): Level | undefined {
  return LEVELS.find((l) => l.id === id);
}

/** The level's place in the list, from 0, or −1. */
export function levelIndex(id: string): number {
  return LEVELS.findIndex((l) => l.id === id);
}
