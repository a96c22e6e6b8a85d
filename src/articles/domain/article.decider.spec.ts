import type { Actor } from '../../common/domain/actor';
import type { ArticleCommand } from './article.commands';
import { fold, initialState } from './article.decider';
import {
  ArticleAlreadyExists,
  ArticleNotFound,
  InvalidContent,
  InvalidTransition,
  NotPermitted,
  SourceNotFound,
} from './article.errors';
import type { ArticleEvent } from './article.events';
import { statusAfter } from './article-status';
import {
  admin,
  alice,
  approve,
  approved,
  approvedHistory,
  ARTICLE_ID,
  articleContent,
  attribute,
  attributed,
  auditor,
  BODY,
  create,
  draftContent,
  drafted,
  edit,
  edited,
  erin,
  eve,
  given,
  HEADLINE,
  nobody,
  paragraph,
  paul,
  publish,
  published,
  reapprovedHistory,
  removeSource,
  rita,
  source,
  sourceRemoved,
  SLUG,
  submit,
  submitted,
} from './testing/article-scenario';

const NEW_HEADLINE = 'Belarus Pledges Support to China';
const inReview = (): ArticleEvent[] => [drafted(alice), submitted(alice, 1)];
const publishedHistory = (): ArticleEvent[] => [...approvedHistory(), published(paul, 3)];

describe('permissions', () => {
  // Each command meets a state in which it would succeed, so only the role can refuse it.
  const editorCommands: { name: string; history: ArticleEvent[]; command: (by: Actor) => ArticleCommand }[] = [
    { name: 'create a draft', history: [], command: (by) => create(by) },
    { name: 'edit', history: [drafted(alice)], command: (by) => edit(by, { headline: NEW_HEADLINE }) },
    { name: 'attribute a source', history: [drafted(alice)], command: (by) => attribute(by) },
    { name: 'remove a source', history: [drafted(alice), attributed(alice)], command: (by) => removeSource(by, 'src-1') },
    { name: 'submit for review', history: [drafted(alice)], command: (by) => submit(by) },
  ];

  describe.each(editorCommands)('only an editor or an admin may $name', ({ history, command }) => {
    it.each([rita, paul, auditor, nobody])('refuses $id', (actor) => {
      given(...history)
        .when(command(actor))
        .thenThrows(NotPermitted, /editor role/);
    });

    it.each([erin, eve, admin])('lets $id', (actor) => {
      expect(
        given(...history)
          .when(command(actor))
          .thenState().version,
      ).toBe(history.length + 1);
    });
  });

  describe('only a reviewer or an admin may approve', () => {
    it.each([alice, erin, paul, auditor, nobody])('refuses $id', (actor) => {
      given(...inReview())
        .when(approve(actor))
        .thenThrows(NotPermitted, /reviewer role/);
    });

    it.each([rita, admin])('lets $id', (actor) => {
      given(...inReview())
        .when(approve(actor))
        .then(approved(actor, 2));
    });
  });

  describe('only a publisher or an admin may publish', () => {
    it.each([alice, rita, eve, auditor, nobody])('refuses $id', (actor) => {
      given(...approvedHistory())
        .when(publish(actor))
        .thenThrows(NotPermitted, /publisher role/);
    });

    it.each([paul, admin])('lets $id', (actor) => {
      given(...approvedHistory())
        .when(publish(actor))
        .then(published(actor, 3));
    });
  });
});

describe('creating a draft', () => {
  it('derives the slug from the headline when none is given', () => {
    const scenario = given().when(create(alice, draftContent({ headline: HEADLINE })));
    scenario.then(drafted(alice, { slug: SLUG }));
    expect(scenario.thenState().document?.content.slug).toBe('russias-ally-belarus-cozies-up-to-china');
  });

  it('falls back to a slug made from the article id when the headline has no Latin letters', () => {
    given()
      .when(create(alice, draftContent({ headline: 'Лукашенко в Пекине' })))
      .then(drafted(alice, { headline: 'Лукашенко в Пекине', slug: 'article-a6f0c1de' }));
  });

  it('keeps a slug it is given', () => {
    given()
      .when(create(alice, draftContent({ slug: 'belarus-and-china' })))
      .then(drafted(alice, { slug: 'belarus-and-china' }));
  });

  it('refuses to create an article that already exists', () => {
    given(drafted(alice)).when(create(erin)).thenThrows(ArticleAlreadyExists, new RegExp(ARTICLE_ID));
  });

  it.each([
    { fault: 'a blank headline', content: draftContent({ headline: '   ', slug: SLUG }), fields: ['headline'] },
    { fault: 'no authors', content: draftContent({ authors: [] }), fields: ['authors'] },
    { fault: 'duplicate block ids', content: draftContent({ body: [paragraph('b1'), paragraph('b1')] }), fields: ['body'] },
    { fault: 'a bad slug', content: draftContent({ slug: 'Not a Slug!' }), fields: ['slug'] },
    {
      fault: 'several faults at once',
      content: draftContent({ headline: '', slug: 'Bad Slug', authors: [] }),
      fields: ['headline', 'slug', 'authors'],
    },
  ])('refuses content with $fault, naming the fields', ({ content, fields }) => {
    const error = given().when(create(alice, content)).thenThrows(InvalidContent);
    expect(error.fields).toEqual(fields);
  });
});

describe('commands on an article that does not exist', () => {
  it.each([
    edit(alice, { headline: NEW_HEADLINE }),
    attribute(alice),
    removeSource(alice, source().id),
    submit(alice),
    approve(rita),
    publish(paul),
  ])('refuse $type with ArticleNotFound', (command) => {
    given().when(command).thenThrows(ArticleNotFound);
  });
});

describe('editing', () => {
  it('stores only the fields that changed, dropping unchanged ones sent again', () => {
    const current = articleContent();
    given(drafted(alice))
      .when(edit(erin, { headline: NEW_HEADLINE, section: current.section, tags: [...current.tags], leadImage: null }))
      .then(edited(erin, { headline: NEW_HEADLINE }));
  });

  it('turns a one-word fix in one paragraph of many into exactly one replace of that block', () => {
    const fixed = paragraph('b3', 'The visit comes amid worries in the West.');
    const body = BODY.map((block) => (block.id === 'b3' ? fixed : block));
    given(drafted(alice))
      .when(edit(alice, {}, body))
      .then(edited(alice, {}, [{ op: 'replace', block: fixed }]));
  });

  it('records nothing when the edit changes nothing', () => {
    const current = articleContent();
    given(drafted(alice))
      .when(edit(alice, { headline: current.headline, authors: [...current.authors] }, [...BODY]))
      .then();
  });

  it.each([
    { status: 'draft', history: [drafted(alice)] },
    { status: 'approved', history: approvedHistory() },
    { status: 'published', history: publishedHistory() },
  ])('is allowed when the article is $status', ({ history }) => {
    given(...history)
      .when(edit(erin, { headline: NEW_HEADLINE }))
      .then(edited(erin, { headline: NEW_HEADLINE }));
  });

  it('is refused while the article is in review', () => {
    given(...inReview())
      .when(edit(erin, { headline: NEW_HEADLINE }))
      .thenThrows(InvalidTransition, /in_review/);
  });

  it('refuses an edit that would make the content invalid', () => {
    const error = given(drafted(alice))
      .when(edit(alice, { headline: ' ' }))
      .thenThrows(InvalidContent);
    expect(error.fields).toEqual(['headline']);
  });

  describe('after approval', () => {
    const editApproved = () => given(...approvedHistory()).when(edit(erin, { headline: NEW_HEADLINE }));

    it('voids the approval and reopens the article as a draft', () => {
      const state = editApproved().thenState();
      expect(state.approval).toBeNull();
      expect(state.status).toBe('draft');
    });

    it('so it can no longer be published', () => {
      given(...approvedHistory(), edited(erin, { headline: NEW_HEADLINE }))
        .when(publish(paul))
        .thenThrows(InvalidTransition);
    });
  });
});

describe('sources', () => {
  it('attributing adds the source to the article', () => {
    given(drafted(alice)).when(attribute(erin)).then(attributed(erin));
    expect(given(drafted(alice)).when(attribute(erin)).thenState().document?.sources).toEqual([source()]);
  });

  it('refuses a source id already on the article', () => {
    given(drafted(alice), attributed(alice))
      .when(attribute(erin, source({ name: 'Reuters' })))
      .thenThrows(InvalidTransition, /src-1 is already on the article/);
  });

  it('refuses the same name in the same role under another id, whatever the case', () => {
    given(drafted(alice), attributed(alice))
      .when(attribute(erin, source({ id: 'src-2', name: 'XINHUA NEWS' })))
      .thenThrows(InvalidTransition, /already attributed as wire/);
  });

  it('accepts the same name in another role', () => {
    const asImage = source({ id: 'src-2', role: 'image' });
    given(drafted(alice), attributed(alice)).when(attribute(erin, asImage)).then(attributed(erin, asImage));
  });

  it('refuses a source without a name', () => {
    const error = given(drafted(alice))
      .when(attribute(alice, source({ name: ' ' })))
      .thenThrows(InvalidContent);
    expect(error.fields).toEqual(['source.name']);
  });

  it('removes a source that is on the article', () => {
    given(drafted(alice), attributed(alice)).when(removeSource(erin, 'src-1')).then(sourceRemoved(erin, 'src-1'));
  });

  it('refuses to remove a source that is not on the article', () => {
    given(drafted(alice), attributed(alice)).when(removeSource(erin, 'src-9')).thenThrows(SourceNotFound, /src-9/);
  });

  it.each([
    { change: 'attributed', command: attribute(erin, source({ id: 'src-2', name: 'Reuters' })) },
    { change: 'removed', command: removeSource(erin, 'src-1') },
  ])('cannot be $change while the article is in review', ({ command }) => {
    given(drafted(alice), attributed(alice), submitted(alice, 2))
      .when(command)
      .thenThrows(InvalidTransition, /in_review cannot be/);
  });

  it('changing them voids an approval like any content change', () => {
    const state = given(...approvedHistory())
      .when(attribute(erin))
      .thenState();
    expect(state.approval).toBeNull();
    expect(state.status).toBe('draft');
  });
});

describe('submitting for review', () => {
  it('records the current version as the submitted one', () => {
    given(drafted(alice), edited(erin, { headline: NEW_HEADLINE }), attributed(alice))
      .when(submit(erin))
      .then(submitted(erin, 3));
  });

  it.each([
    { status: 'in_review', history: inReview() },
    { status: 'approved', history: approvedHistory() },
    { status: 'published', history: publishedHistory() },
  ])('is refused when the article is $status', ({ history }) => {
    given(...history)
      .when(submit(alice))
      .thenThrows(InvalidTransition, /only a draft/);
  });

  it('refuses an article with an empty body', () => {
    const error = given(drafted(alice, { body: [] }))
      .when(submit(alice))
      .thenThrows(InvalidContent);
    expect(error.fields).toEqual(['body']);
  });
});

describe('approving', () => {
  it('lets another reviewer approve the current version', () => {
    given(drafted(alice), edited(erin, { headline: NEW_HEADLINE }), submitted(alice, 2))
      .when(approve(rita))
      .then(approved(rita, 3));
  });

  it.each([
    { status: 'draft', history: [drafted(alice)] },
    { status: 'approved', history: approvedHistory() },
    { status: 'published', history: publishedHistory() },
  ])('is refused when the article is $status', ({ history }) => {
    given(...history)
      .when(approve(rita))
      .thenThrows(InvalidTransition, /only an article in review/);
  });

  describe('four eyes: whoever changed the content may not approve it', () => {
    it.each([
      { who: 'the drafter', history: [drafted(eve), submitted(eve, 1)], approver: eve },
      {
        who: 'an editor of an earlier version',
        history: [
          drafted(alice),
          edited(eve, { headline: NEW_HEADLINE }),
          edited(alice, { section: 'europe' }),
          submitted(alice, 3),
        ],
        approver: eve,
      },
      {
        who: 'someone who attributed a source',
        history: [drafted(alice), attributed(eve), submitted(alice, 2)],
        approver: eve,
      },
      {
        who: 'someone who removed a source',
        history: [drafted(alice), attributed(alice), sourceRemoved(eve, 'src-1'), submitted(alice, 3)],
        approver: eve,
      },
      {
        who: 'a reviewer who is also an editor and edited it',
        history: [drafted(alice), edited(eve, { headline: NEW_HEADLINE }), submitted(alice, 2)],
        approver: eve,
      },
      {
        who: 'an admin who edited it',
        history: [drafted(alice), edited(admin, { headline: NEW_HEADLINE }), submitted(alice, 2)],
        approver: admin,
      },
      {
        who: 'an editor of a version that was already published',
        history: [
          ...publishedHistory(),
          edited(eve, { headline: NEW_HEADLINE }),
          edited(alice, { section: 'europe' }),
          submitted(alice, 6),
        ],
        approver: eve,
      },
    ])('refuses $who', ({ history, approver }) => {
      given(...history)
        .when(approve(approver))
        .thenThrows(NotPermitted, /four eyes/);
    });
  });
});

describe('publishing', () => {
  it('publishes an approved article for the first time at the current version', () => {
    given(...approvedHistory())
      .when(publish(paul))
      .then(published(paul, 3, 'first'));
  });

  it('refuses a kind on the first publication', () => {
    const error = given(...approvedHistory())
      .when(publish(paul, { kind: 'update' }))
      .thenThrows(InvalidContent);
    expect(error.fields).toEqual(['kind']);
  });

  it.each([
    { status: 'draft', history: [drafted(alice)] },
    { status: 'in_review', history: inReview() },
    { status: 'published, with nothing changed since', history: publishedHistory() },
  ])('is refused when the article is $status', ({ history }) => {
    given(...history)
      .when(publish(paul))
      .thenThrows(InvalidTransition, /needs an approval of the current content/);
  });

  it('is refused when the approval is older than the current content', () => {
    // No valid history yields this, since content events reopen the draft; it guards the version check itself.
    given(drafted(alice), submitted(alice, 1), approved(rita, 0)).when(publish(paul)).thenThrows(InvalidTransition);
  });

  describe('again, after an edit was approved', () => {
    it('needs a kind', () => {
      const error = given(...reapprovedHistory())
        .when(publish(paul))
        .thenThrows(InvalidContent);
      expect(error.fields).toEqual(['kind']);
    });

    it('refuses a kind that is neither update nor correction', () => {
      const unchecked = { ...publish(paul), kind: 'first' } as unknown as ReturnType<typeof publish>;
      const error = given(...reapprovedHistory())
        .when(unchecked)
        .thenThrows(InvalidContent);
      expect(error.fields).toEqual(['kind']);
    });

    it('publishes an update at the current version', () => {
      given(...reapprovedHistory())
        .when(publish(paul, { kind: 'update' }))
        .then(published(paul, 7, 'update'));
    });

    it('publishes a correction with its note', () => {
      given(...reapprovedHistory())
        .when(publish(paul, { kind: 'correction', note: '  An earlier version misdated the visit.  ' }))
        .then(published(paul, 7, 'correction', 'An earlier version misdated the visit.'));
    });

    it.each([undefined, '', '   '])('refuses a correction with the note %p', (note) => {
      const error = given(...reapprovedHistory())
        .when(publish(paul, { kind: 'correction', note }))
        .thenThrows(InvalidContent);
      expect(error.fields).toEqual(['note']);
    });

    it('keeps the first publication time', () => {
      const history = reapprovedHistory().map((event) =>
        event.type === 'ArticlePublished' ? { ...event, occurredAt: '2025-03-05T10:00:00.000Z' } : event,
      );
      const command = { ...publish(paul, { kind: 'update' }), at: '2025-03-06T08:30:00.000Z' };
      expect(
        given(...history)
          .when(command)
          .thenState().publication,
      ).toEqual({
        version: 7,
        kind: 'update',
        firstPublishedAt: '2025-03-05T10:00:00.000Z',
        lastPublishedAt: '2025-03-06T08:30:00.000Z',
        live: true,
      });
    });
  });
});

describe('folding events into state', () => {
  const history = [
    drafted(alice),
    edited(erin, { headline: NEW_HEADLINE }),
    attributed(eve),
    edited(alice, { section: 'europe' }),
    submitted(admin, 4),
    approved(rita, 5),
    published(paul, 6),
  ];

  it('counts one version per event', () => {
    expect(fold([]).version).toBe(0);
    expect(fold([]).status).toBeNull();
    expect(fold(history).version).toBe(history.length);
    expect(fold(history.slice(0, 3)).version).toBe(3);
  });

  it('follows each event to the status it leads to', () => {
    const statuses = history.map((_, index) => fold(history.slice(0, index + 1)).status);
    expect(statuses).toEqual(['draft', 'draft', 'draft', 'draft', 'in_review', 'approved', 'published']);
    expect(fold([...history, attributed(erin, source({ id: 'src-2', name: 'Reuters' }))]).status).toBe('draft');
  });

  it.each([
    [null, 'ArticleDrafted', 'draft'],
    ['draft', 'ArticleEdited', 'draft'],
    ['approved', 'ArticleEdited', 'draft'],
    ['published', 'ArticleEdited', 'draft'],
    ['approved', 'SourceAttributed', 'draft'],
    ['published', 'SourceRemoved', 'draft'],
    ['draft', 'ArticleSubmitted', 'in_review'],
    ['in_review', 'ArticleApproved', 'approved'],
    ['approved', 'ArticlePublished', 'published'],
  ] as const)('statusAfter(%p, %s) is %p', (status, eventType, expected) => {
    expect(statusAfter(status, eventType)).toBe(expected);
  });

  it('accumulates everyone who changed the content, once each, and no one else', () => {
    expect(fold(history).contentChangedBy).toEqual(['alice', 'erin', 'eve']);
  });

  it('keeps the version of the last content change and the approval it is checked against', () => {
    const state = fold(history.slice(0, 6));
    expect(state.contentVersion).toBe(4);
    expect(state.approval).toEqual({ version: 5, by: { id: 'rita', name: 'Rita' } });
  });

  it('starts from the initial state', () => {
    expect(fold([])).toBe(initialState);
    expect(fold([drafted(alice)]).articleId).toBe(ARTICLE_ID);
  });
});
