import { phrases, type IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/** A rating or review of a service (好差评). */
export const feedback: IntentDeclaration = {
  name: 'feedback',
  description: '评价服务：满意、基本满意、不满意',
  triggers: [
    ...phrases(1.4, '好评', '差评', '五星', '点赞', '很满意', '非常满意', '基本满意', '不满意', '评价'),
    ...phrases(1.0, '满意', '谢谢你们', '服务很好', '服务太差', '打分', /^(还行|一般般?|凑合)吧?([，,。！!\s]|$)/),
  ],
  examples: ['服务很满意五星好评', '不满意，没解决', '给个差评'],
};
