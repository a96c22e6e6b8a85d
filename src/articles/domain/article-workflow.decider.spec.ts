import type { ArticleCommand } from './article.commands';
import type { ArticleEvent } from './article.events';
import type { ArticleStatus } from './article-status';
import { InvalidContent, InvalidTransition, NotPermitted } from './article.errors';
import { SCHEDULER } from '../../common/domain/actor';
import {
  addComment,
  attribute,
  admin,
  alice,
  approve,
  approved,
  approvedHistory,
  articleContent,
  AT,
  attributed,
  cancelSchedule,
  changesRequested,
  commented,
  drafted,
  edit,
  edited,
  eve,
  fire,
  given,
  LATER,
  paul,
  publish,
  published,
  requestChanges,
  restore,
  restored,
  rita,
  scheduleCancelled,
  scheduled,
  spike,
  spiked,
  submit,
  submitted,
  unpublish,
  unpublished,
} from './testing/article-scenario';

const inReview = (): ArticleEvent[] => [drafted(alice), submitted(alice, 1)];
const liveHistory = (): ArticleEvent[] => [...approvedHistory(), published(paul, 3)];
const OLD_REVISION = { content: articleContent({ headline: 'Belarus and China sign deals' }), sources: [] };

describe('the review loop', () => {
  it('a reviewer sends an article in review back with a reason, naming the version read', () => {
    given(...inReview())
      .when(requestChanges(rita, 'Please source the second paragraph.'))
      .then(changesRequested(rita, 2, 'Please source the second paragraph.'));
  });

  it('keeps the reason visible on the article for the editors', () => {
    expect(
      given(...inReview())
        .when(requestChanges(rita))
        .thenState().changeRequest,
    ).toEqual({
      reviewedVersion: 2,
      reason: 'Please source the second paragraph.',
      by: { id: 'rita', name: 'Rita' },
      at: AT,
    });
  });

  it('refuses a request for changes without a reason', () => {
    const error = given(...inReview())
      .when(requestChanges(rita, '   '))
      .thenThrows(InvalidContent, /reason/);
    expect(error.fields).toEqual(['reason']);
  });

  it('withdraws an approval when changes are requested on an approved article', () => {
    const state = given(...approvedHistory())
      .when(requestChanges(rita))
      .thenState();
    expect(state.status).toBe('changes_requested');
    expect(state.approval).toBeNull();
  });

  it('refuses a request for changes on a draft', () => {
    given(drafted(alice))
      .when(requestChanges(rita))
      .thenThrows(InvalidTransition, /in review or approved/);
  });

  it('lets the editors edit while changes are requested, keeping the request visible', () => {
    const state = given(...inReview(), changesRequested(rita, 2))
      .when(edit(alice, { standfirst: 'Sourced now.' }))
      .thenState();
    expect(state.status).toBe('changes_requested');
    expect(state.changeRequest?.reason).toBe('Please source the second paragraph.');
  });

  it('lets the editors resubmit, and another reviewer approve the new version', () => {
    const history = [...inReview(), changesRequested(rita, 2), edited(alice, { standfirst: 'Sourced now.' })];
    given(...history)
      .when(submit(alice))
      .then(submitted(alice, 4));
    const state = given(...history, submitted(alice, 4))
      .when(approve(rita))
      .thenState();
    expect(state.approval).toEqual({ version: 5, by: { id: 'rita', name: 'Rita' } });
    expect(state.changeRequest).toBeNull();
  });

  it('still refuses approval by a reviewer who is also an editor of the piece, after the loop', () => {
    const history = [...inReview(), changesRequested(rita, 2), edited(eve, { standfirst: 'Eve fixed it.' }), submitted(alice, 4)];
    given(...history)
      .when(approve(eve))
      .thenThrows(NotPermitted, /four eyes/);
  });

  it('binds an approval to the version reviewed: an edit after it voids it', () => {
    const state = given(...approvedHistory())
      .when(edit(alice, { headline: 'Belarus leans on China' }))
      .thenState();
    expect(state.approval).toBeNull();
    expect(state.status).toBe('draft');
  });
});

describe('scheduling (embargo)', () => {
  it('schedules an approved article for a future time, naming the approved version', () => {
    given(...approvedHistory())
      .when(publish(paul, { publishAt: LATER }))
      .then(scheduled(paul, 2, LATER));
  });

  it('normalises the time to UTC', () => {
    given(...approvedHistory())
      .when(publish(paul, { publishAt: '2025-03-05T11:00:00+01:00' }))
      .then(scheduled(paul, 2, LATER));
  });

  it('refuses a time in the past or now', () => {
    for (const publishAt of ['2025-03-05T08:59:59.000Z', AT]) {
      const error = given(...approvedHistory())
        .when(publish(paul, { publishAt }))
        .thenThrows(InvalidContent, /future/);
      expect(error.fields).toEqual(['at']);
    }
  });

  it('refuses to schedule without a current approval', () => {
    given(...inReview())
      .when(publish(paul, { publishAt: LATER }))
      .thenThrows(InvalidTransition, /approval/);
  });

  it('refuses a second schedule while one is pending', () => {
    given(...approvedHistory(), scheduled(paul, 2))
      .when(publish(paul, { publishAt: '2025-03-06T10:00:00.000Z' }))
      .thenThrows(InvalidTransition, /already scheduled/);
  });

  it('cancels a pending schedule, back to approved, with an optional reason', () => {
    given(...approvedHistory(), scheduled(paul, 2))
      .when(cancelSchedule(paul, 'Embargo moved.'))
      .then(scheduleCancelled(paul, LATER, 'Embargo moved.'));
    expect(
      given(...approvedHistory(), scheduled(paul, 2))
        .when(cancelSchedule(paul))
        .thenState().status,
    ).toBe('approved');
  });

  it('refuses to cancel when nothing is scheduled', () => {
    given(...approvedHistory())
      .when(cancelSchedule(paul))
      .thenThrows(InvalidTransition, /only a scheduled/);
  });

  it('fires at its time, recording when it was due and who scheduled it', () => {
    const firedAt = '2025-03-05T10:00:02.000Z';
    given(...approvedHistory(), scheduled(paul, 2))
      .when(fire(LATER, firedAt))
      .then({
        type: 'ArticlePublished',
        data: { publishedVersion: 4, kind: 'first', scheduledFor: LATER, scheduledBy: { id: 'paul', name: 'Paul' } },
        actor: SCHEDULER,
        occurredAt: firedAt,
      });
  });

  it('fires late after downtime, still recording the time it was due', () => {
    const state = given(...approvedHistory(), scheduled(paul, 2))
      .when(fire(LATER, '2025-03-07T00:00:00.000Z'))
      .thenState();
    expect(state.status).toBe('published');
    expect(state.publication?.firstPublishedAt).toBe('2025-03-07T00:00:00.000Z');
  });

  it('does not fire before its time', () => {
    given(...approvedHistory(), scheduled(paul, 2))
      .when(fire(LATER, '2025-03-05T09:59:59.999Z'))
      .thenThrows(InvalidTransition, /not due/);
  });

  it('fires exactly once: a second firing finds nothing scheduled', () => {
    const history = [...approvedHistory(), scheduled(paul, 2)];
    const once = given(...history)
      .when(fire(LATER))
      .thenState();
    expect(once.status).toBe('published');
    given(...history, { ...published(paul, 4), actor: SCHEDULER, occurredAt: LATER })
      .when(fire(LATER))
      .thenThrows(InvalidTransition, /no publication is scheduled/);
  });

  it('fires only the schedule it names: a cancelled and replaced one stays put until its own time', () => {
    const tomorrow = '2025-03-06T10:00:00.000Z';
    given(...approvedHistory(), scheduled(paul, 2), scheduleCancelled(paul), scheduled(paul, 2, tomorrow))
      .when(fire(LATER))
      .thenThrows(InvalidTransition, /no publication is scheduled for 2025-03-05T10:00:00.000Z/);
  });

  it('does not fire a cancelled schedule', () => {
    given(...approvedHistory(), scheduled(paul, 2), scheduleCancelled(paul))
      .when(fire(LATER))
      .thenThrows(InvalidTransition, /no publication is scheduled/);
  });

  it('an edit after scheduling voids both the approval and the schedule', () => {
    const history = [...approvedHistory(), scheduled(paul, 2)];
    const state = given(...history)
      .when(edit(alice, { headline: 'Belarus leans on China' }))
      .thenState();
    expect(state).toMatchObject({ status: 'draft', approval: null, schedule: null });
    given(...history, edited(alice, { headline: 'Belarus leans on China' }))
      .when(fire(LATER))
      .thenThrows(InvalidTransition, /no publication is scheduled/);
  });

  it('a comment does not disturb a schedule', () => {
    given(...approvedHistory(), scheduled(paul, 2), commented(rita))
      .when(fire(LATER))
      .then({
        type: 'ArticlePublished',
        data: { publishedVersion: 5, kind: 'first', scheduledFor: LATER, scheduledBy: { id: 'paul', name: 'Paul' } },
        actor: SCHEDULER,
        occurredAt: LATER,
      });
  });

  it('a publisher may lift an embargo by publishing now', () => {
    given(...approvedHistory(), scheduled(paul, 2))
      .when(publish(paul))
      .then(published(paul, 4));
  });

  it('schedules a correction of a live article with its note', () => {
    const history = [...liveHistory(), edited(alice, { standfirst: 'Fixed.' }), submitted(alice, 5), approved(rita, 6)];
    given(...history)
      .when(publish(paul, { publishAt: LATER, kind: 'correction', note: 'An earlier version misspelt a name.' }))
      .then(scheduled(paul, 6, LATER, 'correction', 'An earlier version misspelt a name.'));
  });
});

describe('the working version of a published article', () => {
  it('an edit opens a working version while the publication stays live', () => {
    const state = given(...liveHistory())
      .when(edit(alice, { standfirst: 'New detail.' }))
      .thenState();
    expect(state.status).toBe('draft');
    expect(state.publication).toMatchObject({ version: 3, live: true });
  });

  it('a correction needs a public note', () => {
    const history = [...liveHistory(), edited(alice, { standfirst: 'Fixed.' }), submitted(alice, 5), approved(rita, 6)];
    given(...history)
      .when(publish(paul, { kind: 'correction' }))
      .thenThrows(InvalidContent, /note/);
    given(...history)
      .when(publish(paul, { kind: 'correction', note: 'We misspelt a name.' }))
      .then(published(paul, 7, 'correction', 'We misspelt a name.'));
  });

  it('a first publication carries no note', () => {
    given(...approvedHistory())
      .when(publish(paul, { note: 'Hello.' }))
      .thenThrows(InvalidContent, /note/);
  });
});

describe('unpublishing', () => {
  it('takes a live article down with a reason', () => {
    given(...liveHistory())
      .when(unpublish(paul, 'Legal asked us to withdraw it.'))
      .then(unpublished(paul, 3, 'Legal asked us to withdraw it.'));
  });

  it('works while a working version is in progress', () => {
    const state = given(...liveHistory(), edited(alice, { standfirst: 'x' }), submitted(alice, 5))
      .when(unpublish(paul))
      .thenState();
    expect(state.status).toBe('unpublished');
    expect(state.publication?.live).toBe(false);
  });

  it('needs a reason', () => {
    given(...liveHistory())
      .when(unpublish(paul, ''))
      .thenThrows(InvalidContent, /reason/);
  });

  it('refuses an article that is not live', () => {
    given(...approvedHistory())
      .when(unpublish(paul))
      .thenThrows(InvalidTransition, /not live/);
    given(...liveHistory(), unpublished(paul, 3))
      .when(unpublish(paul))
      .thenThrows(InvalidTransition, /not live/);
  });

  it('can be republished through the normal path: submit, approve, publish as an update or correction', () => {
    const history = [...liveHistory(), unpublished(paul, 3)];
    given(...history)
      .when(submit(alice))
      .then(submitted(alice, 5));
    given(...history, submitted(alice, 5))
      .when(approve(rita))
      .then(approved(rita, 6));
    given(...history, submitted(alice, 5), approved(rita, 6))
      .when(publish(paul))
      .thenThrows(InvalidContent, /kind/);
    const state = given(...history, submitted(alice, 5), approved(rita, 6))
      .when(publish(paul, { kind: 'correction', note: 'Republished with the disputed claim removed.' }))
      .thenState();
    expect(state.publication).toMatchObject({ live: true, kind: 'correction', version: 7 });
  });
});

describe('restoring an earlier version', () => {
  it('appends an edit with that version’s content, stating the reason', () => {
    const history = [drafted(alice, { headline: 'Belarus and China sign deals' }), edited(alice, { headline: 'Wrong headline' })];
    given(...history)
      .when(restore(alice, 1, OLD_REVISION, 'The new headline was wrong.'))
      .then(
        restored(
          alice,
          { restoredVersion: 1, changes: { headline: 'Belarus and China sign deals' }, bodyOperations: [] },
          'The new headline was wrong.',
        ),
      );
  });

  it('restores the sources too when they differ', () => {
    const reuters = { id: 's1', name: 'Reuters', role: 'contributed' as const };
    const state = given(drafted(alice, { headline: 'Belarus and China sign deals' }), attributed(alice, reuters))
      .when(restore(alice, 1, OLD_REVISION))
      .thenState();
    expect(state.document?.sources).toEqual([]);
  });

  it('never changes the publication state by itself', () => {
    const history = [...liveHistory(), edited(alice, { headline: 'Wrong headline' })];
    const state = given(...history)
      .when(restore(alice, 1, OLD_REVISION))
      .thenState();
    expect(state.publication).toMatchObject({ version: 3, live: true });
    expect(state.status).toBe('draft');
  });

  it('is an edit for the approval rules: it voids an approval and bars the restorer from approving', () => {
    const state = given(...approvedHistory())
      .when(restore(eve, 1, OLD_REVISION))
      .thenState();
    expect(state.approval).toBeNull();
    expect(state.contentChangedBy).toContain('eve');
  });

  it('needs a reason', () => {
    given(drafted(alice))
      .when(restore(alice, 1, OLD_REVISION, ' '))
      .thenThrows(InvalidContent, /reason/);
  });

  it('refuses a version the article does not have', () => {
    const error = given(drafted(alice))
      .when(restore(alice, 9, null))
      .thenThrows(InvalidContent, /no version 9/);
    expect(error.fields).toEqual(['version']);
  });

  it('refuses a version beyond the article’s last, whatever it is handed', () => {
    given(drafted(alice))
      .when(restore(alice, 2, OLD_REVISION))
      .thenThrows(InvalidContent, /no version 2/);
  });

  it('refuses a version that says what the article says now', () => {
    given(drafted(alice), commented(rita))
      .when(restore(alice, 1, { content: articleContent(), sources: [] }))
      .thenThrows(InvalidTransition, /nothing to restore/);
  });

  it('is refused while the article is in review', () => {
    given(...inReview())
      .when(restore(alice, 1, OLD_REVISION))
      .thenThrows(InvalidTransition, /in_review/);
  });
});

describe('comments', () => {
  it('editors and reviewers leave notes for the desk, trimmed', () => {
    given(drafted(alice)).when(addComment(rita, '  Needs a second source. ')).then(commented(rita, 'Needs a second source.'));
  });

  it('keeps them on the article with who, when and the version they were about', () => {
    const state = given(drafted(alice)).when(addComment(rita)).thenState();
    expect(state.comments).toEqual([
      { id: 'comment-1', text: 'Check the spelling of Lukashenko.', by: { id: 'rita', name: 'Rita' }, at: AT, version: 2 },
    ]);
  });

  it('change neither status nor approval', () => {
    const state = given(...approvedHistory())
      .when(addComment(alice))
      .thenState();
    expect(state).toMatchObject({ status: 'approved', approval: { version: 2 } });
  });

  it('refuses an empty comment', () => {
    given(drafted(alice)).when(addComment(alice, ' ')).thenThrows(InvalidContent, /text/);
  });
});

describe('spiking', () => {
  it('abandons a draft with a reason', () => {
    given(drafted(alice)).when(spike(alice, 'The story fell through.')).then(spiked(alice, 'The story fell through.'));
  });

  it('needs a reason', () => {
    given(drafted(alice))
      .when(spike(alice, ''))
      .thenThrows(InvalidContent, /reason/);
  });

  it('refuses an article that has been published, pointing to unpublish', () => {
    given(...liveHistory())
      .when(spike(alice))
      .thenThrows(InvalidTransition, /unpublish/);
  });

  it('refuses a scheduled article until the schedule is cancelled', () => {
    given(...approvedHistory(), scheduled(paul, 2))
      .when(spike(alice))
      .thenThrows(InvalidTransition, /cancel the schedule/);
  });

  it('is final: a spiked article can be neither edited nor submitted', () => {
    given(drafted(alice), spiked(alice))
      .when(edit(alice, { headline: 'Back?' }))
      .thenThrows(InvalidTransition, /spiked/);
    given(drafted(alice), spiked(alice))
      .when(submit(alice))
      .thenThrows(InvalidTransition, /spiked/);
  });
});

/**
 * Every command against every status: accepted, or refused as a conflict (409) or invalid (422).
 * The expectations are written out here, not derived from the code they check.
 */
describe('the transition table', () => {
  const histories: Record<string, () => ArticleEvent[]> = {
    draft: () => [drafted(alice)],
    in_review: inReview,
    changes_requested: () => [...inReview(), changesRequested(rita, 2)],
    approved: approvedHistory,
    scheduled: () => [...approvedHistory(), scheduled(paul, 2)],
    published: liveHistory,
    'draft (live)': () => [...liveHistory(), edited(alice, { standfirst: 'x' })],
    unpublished: () => [...liveHistory(), unpublished(paul, 3)],
    spiked: () => [drafted(alice), spiked(alice)],
  };

  const kindFor = (events: ArticleEvent[]) => (events.some((event) => event.type === 'ArticlePublished') ? 'update' : undefined);
  const commands: Record<string, (history: ArticleEvent[]) => ArticleCommand> = {
    edit: () => edit(alice, { headline: 'A new headline' }),
    submit: () => submit(alice),
    'request changes': () => requestChanges(rita),
    approve: () => approve(rita),
    publish: (history) => publish(paul, { kind: kindFor(history) }),
    schedule: (history) => publish(paul, { kind: kindFor(history), publishAt: LATER }),
    'cancel schedule': () => cancelSchedule(paul),
    fire: () => fire(LATER),
    unpublish: () => unpublish(paul),
    restore: () => restore(alice, 1, OLD_REVISION),
    comment: () => addComment(rita),
    spike: () => spike(alice),
  };

  type Outcome = 'ok' | '409';
  const ok = 'ok';
  const no = '409';
  // prettier-ignore
  const expected: Record<string, Record<keyof typeof commands, Outcome>> = {
    //                 edit  submit rq-chg approve publish sched cancel fire unpub restore comment spike
    draft:               row(ok, ok,   no,   no,    no,    no,   no,    no,  no,   ok,    ok,    ok),
    in_review:           row(no, no,   ok,   ok,    no,    no,   no,    no,  no,   no,    ok,    ok),
    changes_requested:   row(ok, ok,   no,   no,    no,    no,   no,    no,  no,   ok,    ok,    ok),
    approved:            row(ok, no,   ok,   no,    ok,    ok,   no,    no,  no,   ok,    ok,    ok),
    scheduled:           row(ok, no,   no,   no,    ok,    no,   ok,    ok,  no,   ok,    ok,    no),
    published:           row(ok, no,   no,   no,    no,    no,   no,    no,  ok,   ok,    ok,    no),
    'draft (live)':      row(ok, ok,   no,   no,    no,    no,   no,    no,  ok,   ok,    ok,    no),
    unpublished:         row(ok, ok,   no,   no,    no,    no,   no,    no,  no,   ok,    ok,    no),
    spiked:              row(no, no,   no,   no,    no,    no,   no,    no,  no,   no,    ok,    no),
  };
  function row(...outcomes: Outcome[]): Record<keyof typeof commands, Outcome> {
    return Object.fromEntries(Object.keys(commands).map((name, index) => [name, outcomes[index]]));
  }

  for (const [status, history] of Object.entries(histories)) {
    for (const [name, command] of Object.entries(commands)) {
      const outcome = expected[status][name];
      it(`${name} on ${status}: ${outcome === ok ? 'accepted' : 'refused'}`, () => {
        const events = history();
        const scenario = given(...events).when(command(events));
        if (outcome === ok) expect(scenario.thenState().version).toBeGreaterThan(events.length);
        else scenario.thenThrows(InvalidTransition);
      });
    }
  }

  it('covers every status there is', () => {
    const statuses = new Set(Object.values(histories).map((history) => given(...history()).state.status));
    const all: ArticleStatus[] = [
      'draft',
      'in_review',
      'changes_requested',
      'approved',
      'scheduled',
      'published',
      'unpublished',
      'spiked',
    ];
    expect([...statuses].sort()).toEqual([...all].sort());
  });
});

describe('admins', () => {
  it('may do every role’s work but are still bound by four eyes', () => {
    given(drafted(admin), submitted(admin, 1))
      .when(approve(admin))
      .thenThrows(NotPermitted, /four eyes/);
    given(...inReview())
      .when(requestChanges(admin))
      .then(changesRequested(admin, 2));
  });
});

describe('who may issue each command (the decider checks it too, not only the HTTP guard)', () => {
  const roleHolders = {
    editor: { id: 'x-editor', name: 'X', roles: ['editor'] },
    reviewer: { id: 'x-reviewer', name: 'X', roles: ['reviewer'] },
    publisher: { id: 'x-publisher', name: 'X', roles: ['publisher'] },
    auditor: { id: 'x-auditor', name: 'X', roles: ['auditor'] },
    none: { id: 'x-none', name: 'X', roles: [] },
  } as const;
  // prettier-ignore
  const allowed: Record<string, readonly (keyof typeof roleHolders)[]> = {
    CreateDraft: ['editor'], EditArticle: ['editor'], AttributeSource: ['editor'], RemoveSource: ['editor'],
    SubmitForReview: ['editor'], RequestChanges: ['reviewer'], ApproveArticle: ['reviewer'], PublishArticle: ['publisher'],
    CancelSchedule: ['publisher'], FireScheduledPublication: ['publisher'], UnpublishArticle: ['publisher'],
    RestoreRevision: ['editor'], AddComment: ['editor', 'reviewer'], SpikeArticle: ['editor'],
  };
  const sample: Record<string, ArticleCommand> = {
    CreateDraft: { type: 'CreateDraft', actor: alice, at: AT, articleId: 'x', content: { ...articleContent() } },
    EditArticle: edit(alice, { headline: 'x' }),
    AttributeSource: attribute(alice),
    RemoveSource: { type: 'RemoveSource', actor: alice, at: AT, sourceId: 'x' },
    SubmitForReview: submit(alice),
    RequestChanges: requestChanges(rita),
    ApproveArticle: approve(rita),
    PublishArticle: publish(paul),
    CancelSchedule: cancelSchedule(paul),
    FireScheduledPublication: fire(LATER),
    UnpublishArticle: unpublish(paul),
    RestoreRevision: restore(alice, 1, OLD_REVISION),
    AddComment: addComment(rita),
    SpikeArticle: spike(alice),
  };

  for (const [type, roles] of Object.entries(allowed)) {
    for (const [role, actor] of Object.entries(roleHolders)) {
      const permitted = roles.includes(role as keyof typeof roleHolders);
      it(`${type} by ${role}: ${permitted ? 'gets past the role check' : 'NotPermitted'}`, () => {
        const scenario = given().when({ ...sample[type], actor } as ArticleCommand);
        if (permitted) {
          try {
            scenario.thenState();
          } catch (error) {
            expect(error).not.toBeInstanceOf(NotPermitted);
          }
        } else {
          scenario.thenThrows(NotPermitted, new RegExp(`takes the ${roles.join(' or ')} role`));
        }
      });
    }
  }
});
