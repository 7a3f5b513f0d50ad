/**
 * The painter of a slow-motion step (part of the beat player): given the
 * step's plan (step-plan.ts), its trace and a moment t of its timeline,
 * it copies into the views what is true at that moment — signals moving
 * forward, e and y filling in, δ gathering on the way back, weights
 * flashing as they change. Still frames (a held beat, reduced motion) show
 * each beat's outcome with nothing moving. It paints; when, and which
 * moment, is the beat player's to say (beat-player.ts).
 */
import type { StepTraceMessage } from '../../core/protocol.js';
import type { Notation } from './captions.js';
import type { EdgeLayer } from './edges.js';
import type { SceneLayout } from './layout.js';
import type { NeuronLayer, NeuronState } from './neurons.js';
import type { PulseLayer } from './pulses.js';
import type { StepPlan } from './step-plan.js';
import { COLORS } from './theme.js';
import { FORWARD_WINDOW, backwardWindow, ease, progress } from './timeline.js';

export class StepPainter {
  constructor(
    private readonly neurons: NeuronLayer,
    private readonly edges: EdgeLayer,
    private readonly pulses: PulseLayer,
  ) {}

  /** Paints the step at fraction `t` of its timeline; `still` shows each beat's outcome without motion. */
  paint(plan: StepPlan, tr: StepTraceMessage, t: number, still: boolean, lay: SceneLayout, names: Notation): void {
    const tl = plan.timeline;
    const sizes = lay.sizes;
    const L = sizes.length;

    const within = (idx: number): number => (idx < 0 ? 0 : progress(t, tl[idx].start, tl[idx].end));
    const envelope = (u: number): number => {
      if (u <= 0 || u >= 1) return 0;
      if (still) return 1;
      return Math.sin(Math.PI * u);
    };

    // Inputs glow while their signals set off.
    this.neurons.setInputs(tr.x, 0.9 * envelope(within(plan.fwdTravel[1])));

    // Neurons: e and y fill in their forward beat; δ gathers in the backward pass.
    const settleU = within(plan.settle);
    for (let l = 1; l < L; l++) {
      const travel = l < L - 1 ? plan.bwdTravel[l] : -1;
      const travelU = within(travel);
      for (let j = 0; j < sizes[l]; j++) {
        const k = names.neuron(l, j);
        const fb = plan.fillBeat[l][j];
        const u = within(fb);
        const started = fb >= 0 && t >= tl[fb].start;
        let eLevel: number;
        let yLevel: number;
        if (!started) eLevel = yLevel = 0;
        else if (still) {
          eLevel = 1;
          yLevel = u >= 0.5 ? 1 : 0;
        } else {
          eLevel = ease(progress(u, 0, 0.45));
          yLevel = ease(progress(u, 0.5, 0.95));
        }
        const state: NeuronState = {
          e: eLevel > 0.35 ? tr.e[k] : null,
          y: yLevel > 0.35 ? tr.y[k] : null,
          eLevel,
          yLevel,
          delta: null,
          deltaAlpha: 0,
          ring: 0,
          ringColor: COLORS.forward,
          pop: 0,
        };
        if (fb >= 0 && t >= tl[fb].start && t < tl[fb].end) state.ring = 0.9 * envelope(u);

        if (l === L - 1) {
          if (t >= plan.errorSpan[0]) {
            state.delta = tr.delta[k];
            state.deltaAlpha = Math.min(1, progress(t, plan.errorSpan[0], plan.errorSpan[0] + (plan.errorSpan[1] - plan.errorSpan[0]) * 0.3));
            if (t < plan.errorSpan[1]) {
              state.ring = 0.9 * envelope(progress(t, plan.errorSpan[0], plan.errorSpan[1]));
              state.ringColor = COLORS.backward;
            }
          }
        } else if (travel >= 0 && t >= tl[travel].start) {
          // Sum the pulses that have arrived so far.
          const n = sizes[l + 1];
          let sum = 0;
          let arrived = 0;
          let pop = 0;
          for (let jj = 0; jj < n; jj++) {
            const [, end] = backwardWindow(jj, n);
            if (travelU >= end || t >= tl[travel].end) {
              sum += plan.contribution[names.weightIndex(l, jj, j)];
              arrived++;
              if (!still) pop = Math.max(pop, 1 - (travelU - end) / 0.1);
            }
          }
          if (arrived > 0) {
            state.delta = arrived === n ? tr.delta[k] : sum;
            state.deltaAlpha = 1;
            state.pop = t < tl[travel].end ? Math.max(0, Math.min(1, pop)) : 0;
          }
          const sb = plan.sumBeat[l][j];
          if (sb >= 0 && t >= tl[sb].start && t < tl[sb].end) {
            state.ring = 0.9 * envelope(within(sb));
            state.ringColor = COLORS.backward;
          }
        }
        if (state.delta !== null && settleU > 0) state.deltaAlpha *= 1 - ease(settleU);
        this.neurons.setNeuron(l, j, state);
      }
    }

    // The output card: y once the output has it, z all along, δ from the error beat.
    const outStart = names.neuron(L - 1, 0);
    for (let j = 0; j < sizes[L - 1]; j++) {
      const k = outStart + j;
      const fb = plan.fillBeat[L - 1][j];
      const yKnown = fb >= 0 && (t >= tl[fb].end || (t >= tl[fb].start && progress(within(fb), 0.5, 0.95) > 0.35));
      const dKnown = t >= plan.errorSpan[0];
      const glow = dKnown && t < plan.errorSpan[1] ? envelope(progress(t, plan.errorSpan[0], plan.errorSpan[1])) : 0;
      this.neurons.setCard(j, yKnown ? tr.y[k] : null, tr.z[j], dKnown ? tr.delta[k] : null, glow);
    }

    // Edges: weights as before until their update beat, then as after.
    const trailAlpha = lay.edges.length > 60 ? 0.16 : 0.34;
    this.pulses.begin();
    for (let l = 0; l < L - 1; l++) {
      const ub = plan.update[l];
      const uu = within(ub);
      const inUpdate = ub >= 0 && t >= tl[ub].start && t < tl[ub].end;
      const mix = ub < 0 || t < tl[ub].start ? 0 : t >= tl[ub].end ? 1 : still ? (uu >= 0.5 ? 1 : 0) : ease(progress(uu, 0.25, 0.75));
      const flash = inUpdate ? envelope(uu) : 0;

      const ft = plan.fwdTravel[l + 1];
      const ftStart = ft >= 0 ? tl[ft].start : 2;
      const ftEnd = ft >= 0 ? tl[ft].end : 2;
      const fu = within(ft);
      const fp = still ? 1 : ease(progress(fu, FORWARD_WINDOW[0], FORWARD_WINDOW[1]));
      const fillSpan = plan.fillSpan[l + 1];
      const bt = plan.bwdTravel[l];
      const bu = within(bt);
      const sumSpan = plan.sumSpan[l];

      for (let j = 0; j < sizes[l + 1]; j++) {
        const [bs, be] = backwardWindow(j, sizes[l + 1]);
        const bp = still ? (bu >= bs ? 1 : 0) : ease(progress(bu, bs, be));
        for (let i = 0; i < sizes[l]; i++) {
          const k = names.weightIndex(l, j, i);
          const before = tr.weightsBefore[k];
          const after = tr.weightsAfter[k];
          this.edges.setWeight(k, before + (after - before) * mix);
          this.edges.setFlash(k, flash, tr.change[k]);
          const g = lay.edges[k];

          // Forward: a dot per edge, its trail growing behind it, fading while the neurons fill.
          if (t >= ftStart && t < ftEnd) {
            const fadeIn = still ? Math.min(1, fu / 0.08) : 1;
            this.edges.setTrail(k, 0, fp, COLORS.forward, trailAlpha * fadeIn);
            if (!still && fp > 0 && fp < 1 && plan.dotOn[k]) {
              const carried = Math.abs(before * tr.y[names.neuron(l, i)]) / plan.maxForward[l];
              const size = lay.pulseSize * (0.75 + 0.5 * Math.min(1, carried));
              this.pulses.dot(g.x0 + (g.x1 - g.x0) * fp, g.y0 + (g.y1 - g.y0) * fp, size, Math.min(1, fp / 0.06, (1 - fp) / 0.06));
            }
          } else if (t >= ftEnd && t < fillSpan[1]) {
            this.edges.setTrail(k, 0, 1, COLORS.forward, trailAlpha * (1 - progress(t, fillSpan[0], fillSpan[1])));
          } else if (bt >= 0 && t >= tl[bt].start && t < tl[bt].end) {
            // Backward: an arrow-head per edge from the later neuron back to the earlier one.
            this.edges.setTrail(k, 1, 1 - bp, COLORS.backward, bp > 0 ? trailAlpha : 0);
            if (!still && bp > 0 && bp < 1 && plan.dartOn[k]) {
              const carried = Math.abs(plan.contribution[k]) / plan.maxBack[l];
              const size = lay.pulseSize * (0.8 + 0.55 * Math.min(1, carried));
              const x = g.x1 + (g.x0 - g.x1) * bp;
              const y = g.y1 + (g.y0 - g.y1) * bp;
              this.pulses.dart(x, y, g.angle + Math.PI, size, Math.min(1, bp / 0.06, (1 - bp) / 0.06));
            }
          } else if (bt >= 0 && t >= tl[bt].end && t < sumSpan[1]) {
            this.edges.setTrail(k, 1, 0, COLORS.backward, trailAlpha * (1 - progress(t, sumSpan[0], sumSpan[1])));
          } else {
            this.edges.setTrail(k, 0, 0, 0, 0);
          }
        }
      }
    }
    this.pulses.end();
  }
}
