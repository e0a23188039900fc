import { For, Show } from 'solid-js';
import { chineseNumeral } from '../../shared/numerals';
import { computerNumber, type NumberedFinding } from '../../shared/progress';
import type { Computer } from '../../shared/inspection';
import { loc, locale, t } from '../i18n';
import { computerLabel } from './ComputerHeader';

/** 存在的问题, numbered 一、二、… as in the seed reports. */
export function FindingsList(props: { findings: NumberedFinding[]; computers: readonly Computer[] }) {
  const numberLabel = (n: number) => t('summary.number', { n: locale() === 'en' ? n : chineseNumeral(n) });
  return (
    <Show when={props.findings.length > 0} fallback={<p class="muted">{t('summary.noFindings')}</p>}>
      <ol class="findings" data-testid="findings">
        <For each={props.findings}>
          {(f) => (
            <li class="finding-entry">
              <p>
                <strong>{numberLabel(f.number)}</strong>
                {t('summary.findingLine', {
                  place: f.walk.computer
                    ? `${f.room.name} · ${computerLabel(f.walk.computer, computerNumber(props.computers, f.walk.computer))}`
                    : f.room.name,
                  problem: f.finding?.problem || loc(f.walk.item.text),
                  result: t(`result.${f.answer.result ?? 'fail'}`),
                })}
              </p>
              <p class="small">
                {t('summary.measure', { measure: f.finding?.rectification.measure || t('summary.missing') })}
              </p>
              <p class="small muted">
                {t('summary.owner', { owner: f.finding?.rectification.owner || t('summary.missing') })} ·{' '}
                {t('summary.deadline', { deadline: f.finding?.rectification.deadline || t('summary.missing') })}
              </p>
            </li>
          )}
        </For>
      </ol>
    </Show>
  );
}
