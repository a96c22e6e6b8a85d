import { UuidParam } from '../../common/uuid-param';

/** The `:id` of an article route. */
export const ArticleIdParam = () => UuidParam('id');
